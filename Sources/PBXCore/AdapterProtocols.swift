/// Per-call context from the gateway: the one deadline every upstream call of this request
/// must respect, and the request id for logs.
public struct PBXContext: Sendable {
    public var deadline: ContinuousClock.Instant
    public var requestID: String
    /// The client asked for `include=raw`. When false, adapters may leave `raw` empty and
    /// skip cleaning the vendor record of secrets: nobody would see it.
    public var includeRaw: Bool

    public init(deadline: ContinuousClock.Instant, requestID: String, includeRaw: Bool = true) {
        self.deadline = deadline
        self.requestID = requestID
        self.includeRaw = includeRaw
    }

    /// Time left until the deadline, never negative.
    public var remaining: Duration { max(.zero, deadline - .now) }
}

// One protocol per capability group. Every method has a default that throws
// `.unsupported`, so an adapter implements only what it declares in `capabilities`; the
// gateway checks the declaration first and answers 501 without calling the adapter.

public protocol CallHistoryProvider: Sendable {
    func listCalls(_ query: CallQuery, page: PageRequest, context: PBXContext) async throws -> Page<Call>
    func call(id: String, context: PBXContext) async throws -> Call
}

public protocol CallControlProvider: Sendable {
    func activeCalls(context: PBXContext) async throws -> [ActiveCall]
    func originate(_ request: OriginateRequest, context: PBXContext) async throws -> OriginateResult
    func hangup(activeCallID: String, context: PBXContext) async throws
    func transfer(activeCallID: String, to number: String, context: PBXContext) async throws
}

public protocol UserDirectoryProvider: Sendable {
    /// `query` matches name, username or extension (case-insensitive) when given.
    func listUsers(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<User>
    func user(id: String, context: PBXContext) async throws -> User
}

public protocol QueueProvider: Sendable {
    func queues(context: PBXContext) async throws -> [Queue]
    func queue(id: String, context: PBXContext) async throws -> Queue
    func agents(queueID: String, context: PBXContext) async throws -> [Agent]
    func pause(queueID: String, agentID: String, reason: String?, context: PBXContext) async throws
    func unpause(queueID: String, agentID: String, context: PBXContext) async throws
}

public protocol PhonebookProvider: Sendable {
    /// `query` matches name, company or number when given.
    func contacts(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<Contact>
    func contact(id: String, context: PBXContext) async throws -> Contact
    func createContact(_ input: ContactInput, context: PBXContext) async throws -> Contact
    func updateContact(id: String, _ input: ContactInput, context: PBXContext) async throws -> Contact
    func deleteContact(id: String, context: PBXContext) async throws
    /// Caller-ID lookup across phonebook and users; `number` is already E.164 where derivable.
    func lookup(number: String, context: PBXContext) async throws -> [LookupMatch]
}

public protocol VoicemailProvider: Sendable {
    func voicemailBoxes(context: PBXContext) async throws -> [VoicemailBox]
    func voicemailMessages(boxID: String, context: PBXContext) async throws -> [VoicemailMessage]
    func voicemailMessage(boxID: String, messageID: String, context: PBXContext) async throws -> VoicemailMessage
    func voicemailAudio(boxID: String, messageID: String, context: PBXContext) async throws -> VoicemailAudio
    func deleteVoicemailMessage(boxID: String, messageID: String, context: PBXContext) async throws
}

public protocol DeviceProvider: Sendable {
    func devices(context: PBXContext) async throws -> [Device]
    func numbers(context: PBXContext) async throws -> [PhoneNumber]
}

/// A tenant's vendor, as the gateway sees it.
public protocol PBXAdapter: CallHistoryProvider, CallControlProvider, UserDirectoryProvider, QueueProvider,
    PhonebookProvider, VoicemailProvider, DeviceProvider {
    /// `pascom`, `fonial`, `vitalpbx`, `pbxcloud`.
    var vendor: String { get }
    /// What this adapter really does; the gateway answers 501 for everything else.
    var capabilities: Set<Capability> { get }
    /// Every wait of this adapter ends at `PBXContext.deadline` by itself (transport
    /// timeouts set from `remaining`, login waits bounded by the deadline), so the gateway
    /// need not race each call against a timer of its own.
    var enforcesDeadline: Bool { get }
}

public extension PBXAdapter {
    var enforcesDeadline: Bool { false }
}

public extension CallHistoryProvider {
    func listCalls(_ query: CallQuery, page: PageRequest, context: PBXContext) async throws -> Page<Call> { throw PBXError.unsupported(.callsList) }
    func call(id: String, context: PBXContext) async throws -> Call { throw PBXError.unsupported(.callsGet) }
}

public extension CallControlProvider {
    func activeCalls(context: PBXContext) async throws -> [ActiveCall] { throw PBXError.unsupported(.callsActive) }
    func originate(_ request: OriginateRequest, context: PBXContext) async throws -> OriginateResult { throw PBXError.unsupported(.callsOriginate) }
    func hangup(activeCallID: String, context: PBXContext) async throws { throw PBXError.unsupported(.callsHangup) }
    func transfer(activeCallID: String, to number: String, context: PBXContext) async throws { throw PBXError.unsupported(.callsTransfer) }
}

public extension UserDirectoryProvider {
    func listUsers(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<User> { throw PBXError.unsupported(.usersList) }
    func user(id: String, context: PBXContext) async throws -> User { throw PBXError.unsupported(.usersGet) }
}

public extension QueueProvider {
    func queues(context: PBXContext) async throws -> [Queue] { throw PBXError.unsupported(.queuesList) }
    func queue(id: String, context: PBXContext) async throws -> Queue { throw PBXError.unsupported(.queuesGet) }
    func agents(queueID: String, context: PBXContext) async throws -> [Agent] { throw PBXError.unsupported(.queuesAgents) }
    func pause(queueID: String, agentID: String, reason: String?, context: PBXContext) async throws { throw PBXError.unsupported(.queuesPause) }
    func unpause(queueID: String, agentID: String, context: PBXContext) async throws { throw PBXError.unsupported(.queuesPause) }
}

public extension PhonebookProvider {
    func contacts(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<Contact> { throw PBXError.unsupported(.phonebookList) }
    func contact(id: String, context: PBXContext) async throws -> Contact { throw PBXError.unsupported(.phonebookGet) }
    func createContact(_ input: ContactInput, context: PBXContext) async throws -> Contact { throw PBXError.unsupported(.phonebookCreate) }
    func updateContact(id: String, _ input: ContactInput, context: PBXContext) async throws -> Contact { throw PBXError.unsupported(.phonebookUpdate) }
    func deleteContact(id: String, context: PBXContext) async throws { throw PBXError.unsupported(.phonebookDelete) }
    func lookup(number: String, context: PBXContext) async throws -> [LookupMatch] { throw PBXError.unsupported(.phonebookLookup) }
}

public extension VoicemailProvider {
    func voicemailBoxes(context: PBXContext) async throws -> [VoicemailBox] { throw PBXError.unsupported(.voicemailBoxes) }
    func voicemailMessages(boxID: String, context: PBXContext) async throws -> [VoicemailMessage] { throw PBXError.unsupported(.voicemailMessages) }
    func voicemailMessage(boxID: String, messageID: String, context: PBXContext) async throws -> VoicemailMessage { throw PBXError.unsupported(.voicemailMessages) }
    func voicemailAudio(boxID: String, messageID: String, context: PBXContext) async throws -> VoicemailAudio { throw PBXError.unsupported(.voicemailAudio) }
    func deleteVoicemailMessage(boxID: String, messageID: String, context: PBXContext) async throws { throw PBXError.unsupported(.voicemailDelete) }
}

public extension DeviceProvider {
    func devices(context: PBXContext) async throws -> [Device] { throw PBXError.unsupported(.devicesList) }
    func numbers(context: PBXContext) async throws -> [PhoneNumber] { throw PBXError.unsupported(.numbersList) }
}

// Each vendor target exports `<V>Adapter.make(settings:transport:clock:events:)` with the
// same signature; the gateway's registry maps vendor name → that function, so adding a vendor
// touches one line there. (PBXCore stays free of the Upstream module.)

/// Observability hook adapters call; carries no secrets and no user-supplied strings.
public enum AdapterEvent: Sendable {
    case sessionLogin(tenant: String, success: Bool)
    case upstreamCall(tenant: String, operation: String, status: Int?, seconds: Double)
}

public struct AdapterConfigurationError: Error, Sendable, CustomStringConvertible {
    public var tenant: String
    public var key: String
    public var message: String
    public init(tenant: String, key: String, message: String) {
        self.tenant = tenant
        self.key = key
        self.message = message
    }
    public var description: String { "tenants.\(tenant).\(key): \(message)" }
}
