/**
 * E-mail: a minimal `Mailer` port the dispatcher sends through, and its SMTP adapter on nodemailer.
 * The port keeps nodemailer's types out of the rest of the code (tests may hand in any Mailer).
 */
import nodemailer from "nodemailer";

/** One plain-text message. `messageId` is stable per (event, recipient) so mail clients can spot repeats. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Sends messages; rejects when the server refuses or cannot be reached. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Settings for SMTP (proposed configuration keys `smtpUrl` / HIGHWAY_SMTP_URL and `mailFrom` / HIGHWAY_MAIL_FROM). */
export interface SmtpMailerOptions {
  /** e.g. `smtp://user:pass@mail.example.kr:587` or `smtps://...:465`. */
  readonly smtpUrl: string;
  /** The From address, e.g. `"AI Highway <no-reply@highway.example.kr>"`. */
  readonly mailFrom: string;
  /** Per-connection socket and greeting timeout. */
  readonly timeoutMs?: number;
}

/** A Mailer over nodemailer's SMTP transport. */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  const url = new URL(options.smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port === "" ? (url.protocol === "smtps:" ? 465 : 587) : Number(url.port),
    secure: url.protocol === "smtps:",
    ...(url.username === "" ? {} : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
    ...(url.searchParams.get("ignoreTLS") === "true" ? { ignoreTLS: true } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from: options.mailFrom,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
        headers: { ...message.headers },
      });
    },
    close() {
      transport.close();
    },
  };
}
