import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import { newId } from '../lib/ids.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * SMTP when SMTP_URL is set. Without it (a first run on a laptop), each mail is written as an
 * .eml file to `dataDir/mail-outbox/` and its path logged, so an admin can still pass a link on.
 */
export function createMailer(config: Config, log: (line: string) => void): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from: config.mailFrom, ...mail });
      },
      close: () => transport.close(),
    };
  }
  const dir = path.join(config.dataDir, 'mail-outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: config.mailFrom, ...mail });
      await fs.promises.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${newId()}.eml`);
      await fs.promises.writeFile(file, info.message as Buffer);
      log(`SMTP_URL is not set: mail to ${mail.to} written to ${file}`);
    },
    close: () => undefined,
  };
}
