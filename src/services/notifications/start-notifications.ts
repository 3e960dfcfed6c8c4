/**
 * What `highway serve` starts: the dispatcher, with an SMTP mailer when `smtpUrl` is configured
 * (without one, webhooks are sent and e-mail deliveries wait, pending, for a server that has it).
 */
import { startNotificationDispatcher, type DispatcherDeps, type DispatcherOptions, type NotificationDispatcher } from "./dispatcher.js";
import { createSmtpMailer } from "./mailer.js";

/** The configuration the notifications read (proposed keys `smtpUrl` and `mailFrom`). */
export interface NotificationSettings {
  readonly smtpUrl?: string | undefined;
  readonly mailFrom?: string | undefined;
}

/** The default sender when `mailFrom` is not set. */
export const DEFAULT_MAIL_FROM = "AI Highway <no-reply@localhost>";

/** Starts the dispatcher loop; `stop()` ends it and closes the SMTP connections. */
export function startNotifications(
  deps: DispatcherDeps,
  settings: NotificationSettings,
  options: Omit<DispatcherOptions, "mailer"> = {},
): NotificationDispatcher {
  const mailer =
    settings.smtpUrl === undefined ? undefined : createSmtpMailer({ smtpUrl: settings.smtpUrl, mailFrom: settings.mailFrom ?? DEFAULT_MAIL_FROM });
  const dispatcher = startNotificationDispatcher(deps, { ...options, mailer });
  return {
    runOnce: () => dispatcher.runOnce(),
    async stop() {
      await dispatcher.stop();
      mailer?.close();
    },
  };
}
