from django.urls import URLPattern, URLResolver, path

from masa.reviews.views import (
    casework,
    incidents,
    learning,
    pool,
    rapid_reviews,
    reviews,
    sar,
    tracker,
)

app_name = "reviews"

urlpatterns: list[URLPattern | URLResolver] = [
    # --- R1: casework (views/casework, incidents, rapid_reviews, reviews, sar, pool) -----
    path("reviews/", casework.home, name="home"),
    path("reviews/overdue/", casework.overdue, name="overdue"),
    path("reviews/profile/", casework.profile, name="profile"),
    path("reviews/incidents/", incidents.incidents, name="incidents"),
    path("reviews/incidents/new/", incidents.incident_new, name="incident-new"),
    path("reviews/incidents/<int:pk>/", incidents.incident, name="incident"),
    path(
        "reviews/incidents/<int:pk>/notifications/",
        incidents.incident_notifications,
        name="incident-notifications",
    ),
    path(
        "reviews/incidents/<int:pk>/dates/correct/",
        incidents.incident_date_correct,
        name="incident-date-correct",
    ),
    path(
        "reviews/incidents/<int:pk>/rapid-review/",
        incidents.rapid_review_open,
        name="rapid-review-open",
    ),
    path("reviews/pre-discussions/", incidents.pre_discussions, name="pre-discussions"),
    path("reviews/pre-discussions/new/", incidents.pre_discussion_new, name="pre-discussion-new"),
    path("reviews/rapid-reviews/<int:pk>/", rapid_reviews.rapid_review, name="rapid-review"),
    path(
        "reviews/rapid-reviews/<int:pk>/summaries/new/",
        rapid_reviews.summary_request,
        name="summary-request",
    ),
    path(
        "reviews/rapid-reviews/<int:pk>/meeting/",
        rapid_reviews.rapid_review_meeting,
        name="rapid-review-meeting",
    ),
    path(
        "reviews/rapid-reviews/<int:pk>/decision/",
        rapid_reviews.rapid_review_decision,
        name="rapid-review-decision",
    ),
    path(
        "reviews/rapid-reviews/<int:pk>/sent/",
        rapid_reviews.rapid_review_sent,
        name="rapid-review-sent",
    ),
    path(
        "reviews/rapid-reviews/<int:pk>/response/",
        rapid_reviews.rapid_review_response,
        name="rapid-review-response",
    ),
    path("reviews/agency-summaries/", rapid_reviews.summaries, name="summaries"),
    path("reviews/agency-summaries/<int:pk>/", rapid_reviews.summary, name="summary"),
    path("reviews/all/", reviews.reviews, name="reviews"),
    path("reviews/new/", reviews.review_new, name="review-new"),
    path("reviews/<int:pk>/", reviews.review, name="review"),
    path("reviews/<int:pk>/details/", reviews.review_edit, name="review-edit"),
    path(
        "reviews/<int:pk>/dates/correct/",
        reviews.review_date_correct,
        name="review-date-correct",
    ),
    path("reviews/<int:pk>/commission/", reviews.review_commission, name="review-commission"),
    path("reviews/<int:pk>/start/", reviews.review_start, name="review-start"),
    path("reviews/<int:pk>/delays/new/", reviews.review_delay, name="review-delay"),
    path(
        "reviews/<int:pk>/delays/<int:delay_pk>/end/",
        reviews.review_delay_end,
        name="review-delay-end",
    ),
    path("reviews/<int:pk>/milestones/new/", reviews.review_milestone, name="review-milestone"),
    path(
        "reviews/<int:pk>/milestones/<int:milestone_pk>/done/",
        reviews.review_milestone_done,
        name="review-milestone-done",
    ),
    path("reviews/<int:pk>/draft/", reviews.review_draft, name="review-draft"),
    path("reviews/<int:pk>/sign-off/", reviews.review_sign_off, name="review-sign-off"),
    path("reviews/<int:pk>/publish/", reviews.review_publish, name="review-publish"),
    path("reviews/<int:pk>/not-published/", reviews.review_not_publish, name="review-not-publish"),
    path("reviews/<int:pk>/copies/new/", reviews.review_copy, name="review-copy"),
    path(
        "reviews/<int:pk>/documents/new/",
        reviews.review_document_new,
        name="review-document-new",
    ),
    path("reviews/documents/<int:pk>/", reviews.review_document, name="review-document"),
    path("reviews/sar-referrals/", sar.sar_referrals, name="sar-referrals"),
    path("reviews/sar-referrals/new/", sar.sar_referral_new, name="sar-referral-new"),
    path("reviews/sar-referrals/<int:pk>/", sar.sar_referral, name="sar-referral"),
    path(
        "reviews/sar-referrals/<int:pk>/decision/",
        sar.sar_referral_decide,
        name="sar-referral-decide",
    ),
    path("reviews/reviewers/", pool.reviewers, name="reviewers"),
    path("reviews/reviewers/new/", pool.reviewer_edit, name="reviewer-new"),
    path("reviews/reviewers/<int:pk>/", pool.reviewer_edit, name="reviewer-edit"),
    path("reviews/themes/", pool.themes, name="themes"),
    path("reviews/themes/new/", pool.theme_edit, name="theme-new"),
    path("reviews/themes/<int:pk>/", pool.theme_edit, name="theme-edit"),
    # --- R2: the recommendations tracker (views/tracker.py) -------------------------------
    path(
        "reviews/<int:pk>/recommendations/",
        tracker.review_recommendations,
        name="review-recommendations",
    ),
    path("reviews/<int:pk>/findings/new/", tracker.finding_new, name="finding-new"),
    path(
        "reviews/<int:pk>/recommendations/new/",
        tracker.recommendation_new,
        name="recommendation-new",
    ),
    path(
        "recommendations/<int:pk>/impact/",
        tracker.recommendation_impact,
        name="recommendation-impact",
    ),
    # --- R2: learning outputs (views/learning.py) ----------------------------------------
    path("learning/", learning.library, name="library"),
    path("learning/briefings/new/", learning.briefing_edit, name="briefing-new"),
    path("learning/briefings/<int:pk>/", learning.briefing_detail, name="briefing"),
    path("learning/briefings/<int:pk>/edit/", learning.briefing_edit, name="briefing-edit"),
    path(
        "learning/briefings/<int:pk>/publish/",
        learning.briefing_publish,
        name="briefing-publish",
    ),
    path(
        "learning/briefings/<int:pk>/briefing.pdf",
        learning.briefing_download,
        name="briefing-pdf",
    ),
    path("learning/newsletters/new/", learning.newsletter_edit, name="newsletter-new"),
    path("learning/newsletters/<int:pk>/", learning.newsletter_detail, name="newsletter"),
    path("learning/newsletters/<int:pk>/edit/", learning.newsletter_edit, name="newsletter-edit"),
    path(
        "learning/newsletters/<int:pk>/publish/",
        learning.newsletter_publish,
        name="newsletter-publish",
    ),
    path("learning/library/new/", learning.library_item_edit, name="library-item-new"),
    path("learning/library/<int:pk>/edit/", learning.library_item_edit, name="library-item-edit"),
]
