/**
 * A simulated customer registry (the billing system's customer master data), in memory. It plays an
 * outside party: it implements the port `activities/mail.ts` defines and imports nothing else from
 * `activities/`.
 */
import type { CustomerContact, CustomerRegistryPort } from '../activities/mail.js';

/** The ids of the seeded customers, by what they are good for in a test. */
export const SIMULATED_CUSTOMER_IDS = {
  /** A household with a digital-post mailbox: letters are delivered digitally. */
  digital: 'C-1001',
  /** A household without a digital-post id: letters go by post. */
  paperOnly: 'C-1002',
  /** A household whose digital-post mailbox bounces (see `createSimulatedParties`). */
  bouncing: 'C-1003',
  /** A household with a digital-post id for which digital post has no (longer a) mailbox. */
  closedMailbox: 'C-1004',
  /** A household without a digital-post id, with a mobile number and an e-mail address: short messages go by SMS. */
  paperWithPhone: 'C-1005',
  /** A household without a digital-post id or a mobile number, with an e-mail address: short messages go by e-mail. */
  paperWithEmail: 'C-1006',
  /** A business customer with a digital-post mailbox. */
  business: 'C-2001',
} as const;

/**
 * The seeded, clearly fictional customers (postcode 9999 does not exist; the numbers are `+45 00 00 00 0x`,
 * which no Danish operator issues; the addresses are under `.invalid`, RFC 2606). `C-1002` has neither a
 * mobile number nor an e-mail address: a short message to it finds no channel (`none`).
 */
export const SEEDED_CUSTOMERS: Readonly<Record<string, CustomerContact>> = Object.freeze({
  'C-1001': {
    name: 'Testperson Digital Eksempel',
    address: ['Fiktivvej 10, 2. th.', '9999 Eksempelby'],
    digitalPostId: 'dp-0001001',
    mobilePhone: '+4500000001',
    email: 'digital@kunde.invalid',
  },
  'C-1002': { name: 'Testperson Papir Eksempel', address: ['Fiktivvej 12', '9999 Eksempelby'] },
  'C-1003': { name: 'Testperson Retur Eksempel', address: ['Fiktivvej 14, st.', '9999 Eksempelby'], digitalPostId: 'dp-0001003' },
  'C-1004': { name: 'Testperson Lukket Eksempel', address: ['Fiktivvej 16', '9999 Eksempelby'], digitalPostId: 'dp-0001004' },
  'C-1005': { name: 'Testperson Mobil Eksempel', address: ['Fiktivvej 18', '9999 Eksempelby'], mobilePhone: '+4500000005', email: 'mobil@kunde.invalid' },
  'C-1006': { name: 'Testperson Epost Eksempel', address: ['Fiktivvej 20', '9999 Eksempelby'], email: 'epost@kunde.invalid' },
  'C-2001': { name: 'Eksempel Værksted ApS (fiktiv)', address: ['Prøvegade 1', '9999 Eksempelby'], digitalPostId: 'dp-cvr-00000001' },
});

/** Options of {@link CustomerRegistrySimulator}. */
export interface CustomerRegistrySimulatorOptions {
  /**
   * Start with {@link SEEDED_CUSTOMERS}.
   * @default true
   */
  seed?: boolean;
}

function copy(contact: CustomerContact): CustomerContact {
  return {
    name: contact.name,
    address: [...contact.address],
    ...(contact.digitalPostId !== undefined ? { digitalPostId: contact.digitalPostId } : {}),
    ...(contact.mobilePhone !== undefined ? { mobilePhone: contact.mobilePhone } : {}),
    ...(contact.email !== undefined ? { email: contact.email } : {}),
  };
}

/** An in-memory customer registry. `getContact` answers copies, so callers cannot change the registry. */
export class CustomerRegistrySimulator implements CustomerRegistryPort {
  private readonly contacts = new Map<string, CustomerContact>();
  private readonly asked: string[] = [];

  constructor(options: CustomerRegistrySimulatorOptions = {}) {
    if (options.seed ?? true) for (const [id, contact] of Object.entries(SEEDED_CUSTOMERS)) this.add(id, contact);
  }

  /** Adds or replaces a customer. */
  add(customerId: string, contact: CustomerContact): this {
    this.contacts.set(customerId, copy(contact));
    return this;
  }

  /** Removes a customer (e.g. to test an unknown customer). */
  remove(customerId: string): this {
    this.contacts.delete(customerId);
    return this;
  }

  async getContact(customerId: string): Promise<CustomerContact | undefined> {
    this.asked.push(customerId);
    const contact = this.contacts.get(customerId);
    return contact ? copy(contact) : undefined;
  }

  /** The customer ids known, in the order they were added. */
  ids(): string[] {
    return [...this.contacts.keys()];
  }

  /** The customer ids `getContact` was asked for, in order. */
  lookups(): readonly string[] {
    return [...this.asked];
  }

  /** The customer with this digital-post id, if any (lets the digital-post simulator list letters per customer). */
  customerIdByDigitalPostId(digitalPostId: string): string | undefined {
    for (const [id, c] of this.contacts) if (c.digitalPostId === digitalPostId) return id;
    return undefined;
  }

  /** The customer with this name and postal address, if any (lets the print-post simulator list letters per customer). */
  customerIdByPostalAddress(name: string, address: readonly string[]): string | undefined {
    for (const [id, c] of this.contacts) {
      if (c.name === name && c.address.length === address.length && c.address.every((line, i) => line === address[i])) return id;
    }
    return undefined;
  }
}
