// "Включить уведомления в браузере": asks for the permission only on that click (page.js
// loads this module then), subscribes through the service worker with the portal's VAPID
// key and gives the subscription to the portal.
const status = (button, text) => {
  const out = button.parentElement.querySelector("[data-push-status]");
  if (out) out.textContent = text;
};

const b64 = (key) => {
  const raw = atob(key.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((key.length + 3) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
};

export async function enable(button) {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    status(button, "Этот браузер не умеет показывать уведомления сайтов.");
    return;
  }
  button.disabled = true;
  try {
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      status(button, "Уведомления запрещены в настройках браузера для этого сайта.");
      return;
    }
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: b64(button.dataset.push),
    });
    const json = subscription.toJSON();
    const body = new URLSearchParams({ endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth });
    const answer = await fetch("/api/notifications/push_subscribe", {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
    });
    status(button, answer.ok ? "Готово: уведомления будут приходить в этот браузер." : "Не удалось сохранить подписку. Попробуйте ещё раз.");
  } catch {
    status(button, "Браузер не смог подписаться на уведомления. Попробуйте позже или в другом браузере.");
  } finally {
    button.disabled = false;
  }
}
