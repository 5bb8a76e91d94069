import type { ExtensionRegistration, RegistrationView, TrunkStatus, VoicemailUnread } from '@hujiao/shared';
import type { EventBus, Unsubscribe } from '../../events/event-bus.ts';
import type { Actor } from '../../http/actor.ts';
import type { RegistrationContact } from '../extension/index.ts';
import type { LiveHub } from './live-hub.ts';

export interface LiveTopicDeps {
  hub: LiveHub;
  /** The switch's events (trunk registrations and keep-alives, phone registrations). */
  events: EventBus;
  /** 中继: every trunk of a tenant with its live state (GET /api/trunks/status). */
  trunks: { statuses(tenantId: string): Promise<TrunkStatus[]> };
  /** The running switch's registrations (empty while it does not run). */
  telephony: {
    registrations(tenantId?: string): RegistrationView[];
    contacts(tenantId: string, number: string): RegistrationContact[];
  };
  /** 语音信箱: a user's new-message counts, and word of every box's count change. */
  voicemail: {
    unread(actor: Actor): Promise<VoicemailUnread>;
    /** Every user's counts of a tenant from one reading. */
    unreadReader(tenantId: string): Promise<(actor: Actor) => VoicemailUnread>;
    onCountsChanged(listener: (tenantId: string, box: string) => void): Unsubscribe;
  };
}

/**
 * The console's three live topics, each pushed on the change that moves it: trunk-status (trunk:view) on every
 * `trunk.registration` / `trunk.keepalive` event, extension-registration (extension:view) on every `registration`
 * event, voicemail-count (every user, their own boxes) when a message is left, read, unread or deleted.
 */
export function startLiveTopics(d: LiveTopicDeps): Unsubscribe {
  const { hub, events } = d;
  hub.addSource({
    topic: 'trunk-status',
    permission: 'trunk:view',
    snapshot: (actor) => d.trunks.statuses(actor.tenantId),
  });
  hub.addSource({
    topic: 'extension-registration',
    permission: 'extension:view',
    snapshot: async (actor) => registeredExtensions(d.telephony, actor.tenantId),
  });
  hub.addSource({
    topic: 'voicemail-count',
    permission: null,
    snapshot: (actor) => d.voicemail.unread(actor),
  });

  const trunkChanged = async (e: { tenantId: string; trunkId: string }) => {
    if (!hub.hasSubscribers(e.tenantId, 'trunk-status')) return;
    const status = (await d.trunks.statuses(e.tenantId)).find((s) => s.trunkId === e.trunkId);
    if (status) await hub.update(e.tenantId, 'trunk-status', status);
  };
  const offs = [
    events.subscribe('trunk.registration', trunkChanged),
    events.subscribe('trunk.keepalive', trunkChanged),
    events.subscribe('registration', async (e) => {
      const { tenantId, extension } = e.registration;
      if (!hub.hasSubscribers(tenantId, 'extension-registration')) return;
      await hub.update(tenantId, 'extension-registration', {
        extension,
        contacts: d.telephony.contacts(tenantId, extension),
      });
    }),
    d.voicemail.onCountsChanged((tenantId) => {
      if (!hub.hasSubscribers(tenantId, 'voicemail-count')) return;
      // One reading for every socket of the enterprise, each answered its user's own counts.
      const reader = d.voicemail.unreadReader(tenantId);
      void hub.update(tenantId, 'voicemail-count', async (actor) => (await reader)(actor));
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** The tenant's registered extensions, each with its contacts. */
function registeredExtensions(telephony: LiveTopicDeps['telephony'], tenantId: string): ExtensionRegistration[] {
  const numbers = [...new Set(telephony.registrations(tenantId).map((r) => r.extension))].sort();
  return numbers.map((extension) => ({ extension, contacts: telephony.contacts(tenantId, extension) }));
}
