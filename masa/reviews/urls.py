from django.urls import URLPattern, URLResolver, path

from masa.reviews.views import casework, learning, tracker

app_name = "reviews"

urlpatterns: list[URLPattern | URLResolver] = [
    # --- R1: casework (views/casework.py) -----------------------------------------------
    path("reviews/", casework.home, name="home"),
    path("reviews/overdue/", casework.overdue, name="overdue"),
    path("reviews/profile/", casework.profile, name="profile"),
    path("reviews/incidents/", casework.incidents, name="incidents"),
    path("reviews/incidents/new/", casework.incident_new, name="incident-new"),
    path("reviews/incidents/<int:pk>/", casework.incident, name="incident"),
    path(
        "reviews/incidents/<int:pk>/notifications/",
        casework.incident_notifications,
        name="incident-notifications",
    ),
    path(
        "reviews/incidents/<int:pk>/dates/correct/",
        casework.incident_date_correct,
        name="incident-date-correct",
    ),
    path(
        "reviews/incidents/<int:pk>/rapid-review/",
        casework.rapid_review_open,
        name="rapid-review-open",
    ),
    path("reviews/pre-discussions/", casework.pre_discussions, name="pre-discussions"),
    path("reviews/pre-discussions/new/", casework.pre_discussion_new, name="pre-discussion-new"),
    path("reviews/rapid-reviews/<int:pk>/", casework.rapid_review, name="rapid-review"),
    path(
        "reviews/rapid-reviews/<int:pk>/summaries/new/",
        casework.summary_request,
        name="summary-request",
    ),
    path(
        "reviews/rapid-reviews/<int:pk>/meeting/",
        casework.rapid_review_meeting,
        name="rapid-review-meeting",
    ),
    path(
        "reviews/rapid-reviews/<int:pk>/decision/",
        casework.rapid_review_decision,
        name="rapid-review-decision",
    ),
    path(
        "reviews/rapid-reviews/<int:pk>/sent/", casework.rapid_review_sent, name="rapid-review-sent"
    ),
    path(
        "reviews/rapid-reviews/<int:pk>/response/",
        casework.rapid_review_response,
        name="rapid-review-response",
    ),
    path("reviews/agency-summaries/", casework.summaries, name="summaries"),
    path("reviews/agency-summaries/<int:pk>/", casework.summary, name="summary"),
    path("reviews/all/", casework.reviews, name="reviews"),
    path("reviews/new/", casework.review_new, name="review-new"),
    path("reviews/<int:pk>/", casework.review, name="review"),
    path("reviews/<int:pk>/details/", casework.review_edit, name="review-edit"),
    path(
        "reviews/<int:pk>/dates/correct/",
        casework.review_date_correct,
        name="review-date-correct",
    ),
    path("reviews/<int:pk>/commission/", casework.review_commission, name="review-commission"),
    path("reviews/<int:pk>/start/", casework.review_start, name="review-start"),
    path("reviews/<int:pk>/delays/new/", casework.review_delay, name="review-delay"),
    path(
        "reviews/<int:pk>/delays/<int:delay_pk>/end/",
        casework.review_delay_end,
        name="review-delay-end",
    ),
    path("reviews/<int:pk>/milestones/new/", casework.review_milestone, name="review-milestone"),
    path(
        "reviews/<int:pk>/milestones/<int:milestone_pk>/done/",
        casework.review_milestone_done,
        name="review-milestone-done",
    ),
    path("reviews/<int:pk>/draft/", casework.review_draft, name="review-draft"),
    path("reviews/<int:pk>/sign-off/", casework.review_sign_off, name="review-sign-off"),
    path("reviews/<int:pk>/publish/", casework.review_publish, name="review-publish"),
    path("reviews/<int:pk>/not-published/", casework.review_not_publish, name="review-not-publish"),
    path("reviews/<int:pk>/copies/new/", casework.review_copy, name="review-copy"),
    path(
        "reviews/<int:pk>/documents/new/",
        casework.review_document_new,
        name="review-document-new",
    ),
    path("reviews/documents/<int:pk>/", casework.review_document, name="review-document"),
    path("reviews/sar-referrals/", casework.sar_referrals, name="sar-referrals"),
    path("reviews/sar-referrals/new/", casework.sar_referral_new, name="sar-referral-new"),
    path("reviews/sar-referrals/<int:pk>/", casework.sar_referral, name="sar-referral"),
    path(
        "reviews/sar-referrals/<int:pk>/decision/",
        casework.sar_referral_decide,
        name="sar-referral-decide",
    ),
    path("reviews/reviewers/", casework.reviewers, name="reviewers"),
    path("reviews/reviewers/new/", casework.reviewer_edit, name="reviewer-new"),
    path("reviews/reviewers/<int:pk>/", casework.reviewer_edit, name="reviewer-edit"),
    path("reviews/themes/", casework.themes, name="themes"),
    path("reviews/themes/new/", casework.theme_edit, name="theme-new"),
    path("reviews/themes/<int:pk>/", casework.theme_edit, name="theme-edit"),
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
