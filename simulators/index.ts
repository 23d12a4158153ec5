/**
 * Simulators of the outside parties afbryd talks to, for tests and for running without the real
 * services: digital post, print post, the SMS/e-mail gateway and the customer registry. They implement the ports of
 * `activities/` (type-only imports) and keep everything in memory.
 */
import { CustomerRegistrySimulator, SEEDED_CUSTOMERS, SIMULATED_CUSTOMER_IDS } from './customers.js';
import { DigitalPostSimulator, PrintPostSimulator } from './mail.js';
import { ShortMessageGatewaySimulator } from './short-message.js';

export * from './customers.js';
export * from './mail.js';
export * from './short-message.js';

/** Options of {@link createSimulatedParties}. */
export interface SimulatedPartiesOptions {
  /**
   * The clock of digital post, print post and the SMS/e-mail gateway.
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * Seed the customer registry with {@link SEEDED_CUSTOMERS}, and digital post with their behaviours
   * (`C-1003`'s mailbox bounces, `C-1004`'s mailbox is closed).
   * @default true
   */
  seed?: boolean;
}

/** The simulated parties, wired to each other (letters are attributed to customers through the registry). */
export interface SimulatedParties {
  digitalPost: DigitalPostSimulator;
  printPost: PrintPostSimulator;
  /** The SMS/e-mail gateway (`activities/short-message.ts`'s port). */
  shortMessages: ShortMessageGatewaySimulator;
  customers: CustomerRegistrySimulator;
}

/**
 * Builds the simulated digital post, print post and customer registry. Pass them as the mail adapter's
 * dependencies: `createMailActivities(createSimulatedParties())`.
 */
export function createSimulatedParties(options: SimulatedPartiesOptions = {}): SimulatedParties {
  const seed = options.seed ?? true;
  const customers = new CustomerRegistrySimulator({ seed });
  const now = options.now ?? (() => new Date());
  const digitalPost = new DigitalPostSimulator({
    now,
    resolveCustomer: (recipientId) => customers.customerIdByDigitalPostId(recipientId),
  });
  if (seed) {
    const bouncing = SEEDED_CUSTOMERS[SIMULATED_CUSTOMER_IDS.bouncing]?.digitalPostId;
    const closed = SEEDED_CUSTOMERS[SIMULATED_CUSTOMER_IDS.closedMailbox]?.digitalPostId;
    if (bouncing) digitalPost.setBehaviour(bouncing, { type: 'bounce', reason: 'MAILBOX_FULL (simulated)' });
    if (closed) digitalPost.setBehaviour(closed, { type: 'no-mailbox' });
  }
  const printPost = new PrintPostSimulator({
    now,
    resolveCustomer: (name, address) => customers.customerIdByPostalAddress(name, address),
  });
  return { digitalPost, printPost, shortMessages: new ShortMessageGatewaySimulator({ now }), customers };
}
