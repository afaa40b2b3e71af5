import PBXCore

/// What a cached response is about. Each kind has its own TTL (`cacheTTLSeconds` in the
/// tenant's configuration uses exactly these raw values) and is the unit of invalidation:
/// a write invalidates whole kinds of one tenant, never single entries, because one contact
/// change affects lists, lookups and gets alike.
public enum ResourceKind: String, Sendable, Hashable, CaseIterable {
    case users, queues, devices, numbers, phonebook, calls, activeCalls, voicemail

    /// The kind a read capability's response belongs to; nil for writes (never cached).
    public init?(reading capability: Capability) {
        switch capability {
        case .callsList, .callsGet: self = .calls
        case .callsActive: self = .activeCalls
        // Presence lives in User; it follows the users TTL (API.md serves it as a field).
        case .usersList, .usersGet, .usersPresence: self = .users
        case .queuesList, .queuesGet, .queuesAgents: self = .queues
        case .phonebookList, .phonebookGet, .phonebookLookup: self = .phonebook
        case .voicemailBoxes, .voicemailMessages, .voicemailAudio: self = .voicemail
        case .devicesList: self = .devices
        case .numbersList: self = .numbers
        case .callsOriginate, .callsHangup, .callsTransfer, .queuesPause, .phonebookCreate,
             .phonebookUpdate, .phonebookDelete, .voicemailDelete: return nil
        }
    }

    /// The kinds a successful write makes stale for its tenant. Call control changes what
    /// is live and, once calls end, the history; a pause changes agents and queue counts.
    public static func invalidated(by capability: Capability) -> Set<ResourceKind> {
        switch capability {
        case .phonebookCreate, .phonebookUpdate, .phonebookDelete: [.phonebook]
        case .callsOriginate, .callsHangup, .callsTransfer: [.activeCalls, .calls]
        case .queuesPause: [.queues]
        case .voicemailDelete: [.voicemail]
        default: []
        }
    }
}
