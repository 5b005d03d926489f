// MASA's only script. Every page works without it; it adds GOV.UK Frontend's
// behaviour and the time-out warning (GOV.UK pattern: warn, then sign out).
import { initAll } from '/static/govuk-frontend/dist/govuk/govuk-frontend.min.js'

initAll()

function startTimeoutWarning (dialog) {
  // The page says how many seconds are left by the server's reckoning.
  let deadline = Date.now() + Number(dialog.dataset.idleSeconds) * 1000
  const warningSeconds = Number(dialog.dataset.warningSeconds)
  const countdown = dialog.querySelector('.masa-timeout-countdown')
  const live = dialog.querySelector('.masa-timeout-live')
  const form = dialog.querySelector('.masa-timeout-form')
  let returnFocus = null
  let timer = null

  const words = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60)
      return minutes === 1 ? '1 minute' : `${minutes} minutes`
    }
    return seconds === 1 ? '1 second' : `${seconds} seconds`
  }

  // A page with a "Save and come back later" button (the eMARF) saves what was
  // typed just before the time-out, so nothing is lost; the server keeps the draft.
  const saveLater = document.querySelector('form button[name="save_later"]')
  let saved = false

  const tick = () => {
    const left = Math.round((deadline - Date.now()) / 1000)
    if (saveLater && !saved && left <= 5) {
      saved = true
      dialog.close()
      saveLater.form.requestSubmit(saveLater)
      return
    }
    if (left <= 0) {
      window.location.href = dialog.dataset.timedOutUrl
      return
    }
    if (left <= warningSeconds) {
      if (!dialog.open) {
        returnFocus = document.activeElement
        dialog.showModal()
        live.textContent = `For your security, we will sign you out in ${words(left)}.`
      } else if (left % 15 === 0 || left <= 10) {
        // Screen readers hear the countdown at intervals, not every second.
        live.textContent = `We will sign you out in ${words(left)}.`
      }
      countdown.textContent = words(left)
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const response = await fetch(dialog.dataset.keepAliveUrl, {
      method: 'POST',
      body: new FormData(form),
      headers: { Accept: 'application/json' },
      credentials: 'same-origin'
    })
    if (!response.ok) {
      window.location.href = dialog.dataset.timedOutUrl
      return
    }
    const answer = await response.json()
    deadline = Date.now() + Number(answer.idle_seconds) * 1000
    dialog.close()
    if (returnFocus) returnFocus.focus()
  })
  dialog.addEventListener('cancel', (event) => {
    // Escape means "stay signed in", as in the GOV.UK pattern.
    event.preventDefault()
    form.requestSubmit()
  })
  timer = window.setInterval(tick, 1000)
  return timer
}

const dialog = document.getElementById('masa-timeout')
if (dialog && typeof dialog.showModal === 'function') {
  startTimeoutWarning(dialog)
}
