/**
 * A simulated grid company disconnection desk (e-mail outside DataHub), in memory: it implements the
 * port of `activities/grid-company.ts`, logs every message (duplicates included) and dedupes by the
 * idempotency key.
 */
import type { GridCompanyMessage, GridCompanyPort } from '../activities/grid-company.js';

export class GridCompanySimulator implements GridCompanyPort {
  private readonly log: { message: GridCompanyMessage; duplicate: boolean }[] = [];
  private readonly seen = new Map<string, string>();

  async send(message: GridCompanyMessage): Promise<{ messageId: string }> {
    const known = this.seen.get(message.idempotencyKey);
    this.log.push({ message, duplicate: known !== undefined });
    if (known) return { messageId: known };
    const messageId = `grid-mail-${this.seen.size + 1}`;
    this.seen.set(message.idempotencyKey, messageId);
    return { messageId };
  }

  /** The distinct messages of a case, in order. */
  messagesOf(caseId: string): GridCompanyMessage[] {
    return this.log.filter((m) => !m.duplicate && m.message.caseId === caseId).map((m) => m.message);
  }
}
