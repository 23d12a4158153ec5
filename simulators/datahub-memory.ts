/**
 * An in-memory stand-in for DataHub's incoming-messages endpoint, for workflow tests and the
 * embedded default until the B2B simulator runs beside it: it validates the basics, answers like
 * DataHub (accepted, duplicate message id, rejection), keeps every message it received — duplicates
 * included — and holds master data for metering points. It plays the outside party, so it imports
 * only the port's types from the adapter.
 */
import type { DataHubAnswer, DataHubMessage, DataHubPort, MeteringPointMasterData } from '../activities/datahub.js';

/** One message as DataHub received it. */
export interface ReceivedMessage {
  message: DataHubMessage;
  answer: DataHubAnswer;
  duplicate: boolean;
}

export class InMemoryDataHub implements DataHubPort {
  private readonly received: ReceivedMessage[] = [];
  private readonly answers = new Map<string, DataHubAnswer>();
  private readonly points = new Map<string, MeteringPointMasterData>();
  private processCounter = 0;
  /** A rejection to give the next request of a kind, e.g. to test E17. */
  private readonly rejectNext = new Map<string, { code: string; message: string }>();

  addMeteringPoint(data: MeteringPointMasterData): void {
    this.points.set(data.meteringPointId, data);
  }

  rejectNextOf(kind: DataHubMessage['request']['kind'], code: string, message: string): void {
    this.rejectNext.set(kind, { code, message });
  }

  async send(message: DataHubMessage): Promise<DataHubAnswer> {
    const seen = this.answers.get(message.messageId);
    if (seen) {
      const answer: DataHubAnswer =
        seen.status === 'rejected' ? seen : { status: 'duplicate', ...(seen.processId ? { processId: seen.processId } : {}) };
      this.received.push({ message, answer, duplicate: true });
      return answer;
    }
    let answer: DataHubAnswer;
    const reject = this.rejectNext.get(message.request.kind);
    if (message.messageId.length > 36 || message.transactionId.length > 36) {
      answer = { status: 'rejected', code: 'B2B-003', message: 'message id longer than 36 characters' };
    } else if (!/^\d{18}$/.test(message.request.meteringPointId)) {
      answer = { status: 'rejected', code: 'E10', message: 'metering point not identifiable' };
    } else if (reject) {
      this.rejectNext.delete(message.request.kind);
      answer = { status: 'rejected', ...reject };
    } else {
      this.processCounter += 1;
      answer = {
        status: 'accepted',
        ...(message.request.kind === 'RequestEndOfSupply' ? { processId: `brs002-${this.processCounter}` } : {}),
      };
    }
    this.answers.set(message.messageId, answer);
    this.received.push({ message, answer, duplicate: false });
    return answer;
  }

  async masterData(meteringPointId: string): Promise<MeteringPointMasterData | undefined> {
    return this.points.get(meteringPointId);
  }

  /** Every message received, duplicates included. */
  messages(): ReceivedMessage[] {
    return [...this.received];
  }

  /** The distinct requests of a metering point, in order (duplicates left out). */
  requestsFor(meteringPointId: string): DataHubMessage[] {
    return this.received.filter((r) => !r.duplicate && r.message.request.meteringPointId === meteringPointId).map((r) => r.message);
  }
}
