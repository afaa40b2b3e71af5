import Foundation
import PBXCore
import Upstream

/// VitalPBX API v2 (`app-key` + `tenant` headers). What the v2 collection offers is
/// declared below; phone-book writes, live calls, hangup, transfer, presence and numbers
/// are not in it and answer 501 from this declaration.
public struct VitalPBXAdapter: PBXAdapter {
    /// Only libcurl is known to end each request at the deadline (its timeouts come from
    /// `remaining`); any other transport gets the gateway's own timer.
    public var enforcesDeadline: Bool { client.transport is CurlClient }
    public let vendor = "vitalpbx"
    public let capabilities: Set<Capability> = [
        .callsList, .callsGet, .callsOriginate,
        .usersList, .usersGet,
        .queuesList, .queuesGet, .queuesAgents, .queuesPause,
        .phonebookList, .phonebookGet, .phonebookLookup,
        .voicemailBoxes, .voicemailMessages, .voicemailAudio, .voicemailDelete,
        .devicesList,
    ]

    let client: VitalPBXClient
    let history: VitalPBXCallHistory
    let normalizer: PhoneNumberNormalizer

    public static func make(settings: TenantSettings, transport: any UpstreamTransport, clock: any WallClock,
                            events: @escaping @Sendable (AdapterEvent) -> Void) throws -> VitalPBXAdapter {
        let configuration = try VitalPBXConfiguration(settings: settings)
        let client = VitalPBXClient(configuration: configuration, transport: transport, tenantID: settings.id, events: events)
        let normalizer = PhoneNumberNormalizer(country: settings.country)
        return VitalPBXAdapter(client: client, history: VitalPBXCallHistory(client: client, normalizer: normalizer), normalizer: normalizer)
    }

    // MARK: Calls

    public func listCalls(_ query: CallQuery, page: PageRequest, context: PBXContext) async throws -> Page<Call> {
        let directory = try await directory(context: context)
        return try await history.list(query, page: page, directory: directory, context: context)
    }

    public func call(id: String, context: PBXContext) async throws -> Call {
        try await history.call(id: id, directory: directory(context: context), context: context)
    }

    /// `caller` must be an extension number; `from` may be a user id (`extension_id`) or one.
    public func originate(_ request: OriginateRequest, context: PBXContext) async throws -> OriginateResult {
        let extensions = try await client.extensions(context: context)
        guard let caller = extensions.first(where: { $0.id == request.from })?.number
                ?? extensions.first(where: { $0.number == request.from })?.number else {
            throw PBXError.notFound("user or extension \(request.from)")
        }
        let callee = request.to.trimmingCharacters(in: .whitespaces)
        guard !callee.isEmpty else { throw PBXError.invalidInput("to must not be empty") }
        try await client.clickToCall(caller: caller, callee: callee, context: context)
        return OriginateResult(callId: nil)   // click_to_call returns no call id
    }

    // MARK: Users and devices

    public func listUsers(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<User> {
        var users = try await client.extensions(context: context).map { VitalPBXMapping.user($0, includeRaw: context.includeRaw) }
        if let q = query?.lowercased(), !q.isEmpty {
            users = users.filter { u in
                [u.name, u.username].contains { $0?.lowercased().contains(q) == true } || u.extensions.contains { $0.lowercased().contains(q) }
            }
        }
        return .all(users)
    }

    public func user(id: String, context: PBXContext) async throws -> User {
        try await VitalPBXMapping.user(client.extensionRecord(id: id, context: context), includeRaw: context.includeRaw)
    }

    public func devices(context: PBXContext) async throws -> [Device] {
        try await client.devices(context: context).map { VitalPBXMapping.device($0, includeRaw: context.includeRaw) }
    }

    // MARK: Queues

    public func queues(context: PBXContext) async throws -> [Queue] {
        async let queues = client.queues(context: context)
        let extensions = try await client.extensions(context: context)
        let roster = VitalPBXQueueRoster(extensions)
        return try await queues.map {
            VitalPBXMapping.queue($0, agentCount: roster.members(of: $0.id).flatMap(\.devices).count, includeRaw: context.includeRaw)
        }
    }

    public func queue(id: String, context: PBXContext) async throws -> Queue {
        async let queue = client.queue(id: id, context: context)
        let extensions = try await client.extensions(context: context)
        return try await VitalPBXMapping.queue(queue, agentCount: VitalPBXQueueRoster(extensions).members(of: id).flatMap(\.devices).count,
                                               includeRaw: context.includeRaw)
    }

    /// Members come from the extensions' queue lists; pause and login state from each member
    /// device's `devices/{id}/queues`.
    public func agents(queueID: String, context: PBXContext) async throws -> [Agent] {
        async let queue = client.queue(id: queueID, context: context)
        let extensions = try await client.extensions(context: context)
        _ = try await queue
        let pairs = VitalPBXQueueRoster(extensions).members(of: queueID).flatMap { member in member.devices.map { (member.owner, $0) } }
        let memberships = try await Self.concurrentMap(pairs) { owner, device in
            try await client.deviceQueues(deviceID: device.id, context: context).first { $0.queueID == queueID }
        }
        return zip(pairs, memberships).map { pair, membership in
            VitalPBXMapping.agent(device: pair.1, owner: pair.0, membership: membership)
        }
    }

    public func pause(queueID: String, agentID: String, reason: String?, context: PBXContext) async throws {
        try await client.setPaused(true, deviceID: agentID, queueID: queueID, reason: reason, context: context)
    }

    public func unpause(queueID: String, agentID: String, context: PBXContext) async throws {
        try await client.setPaused(false, deviceID: agentID, queueID: queueID, reason: nil, context: context)
    }

    // MARK: Phone books (read-only in the v2 collection)

    public func contacts(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<Contact> {
        var contacts = try await allContacts(context: context)
        if let q = query?.lowercased(), !q.isEmpty {
            let digits = q.filter(\.isNumber)
            contacts = contacts.filter { c in
                [c.name, c.firstName, c.lastName, c.company].contains { $0?.lowercased().contains(q) == true }
                    || (!digits.isEmpty && c.numbers.contains { $0.number.filter(\.isNumber).contains(digits) || $0.rawNumber.filter(\.isNumber).contains(digits) })
            }
        }
        return .all(contacts)
    }

    public func contact(id: String, context: PBXContext) async throws -> Contact {
        guard let (book, contactID) = VitalPBXMapping.splitContactID(id) else { throw PBXError.notFound("contact \(id)") }
        let contacts = try await client.contacts(phonebookID: book, context: context)
        guard let hit = contacts.first(where: { $0.id == contactID }) else { throw PBXError.notFound("contact \(id)") }
        return VitalPBXMapping.contact(hit, book: book, normalizer: normalizer)
    }

    public func lookup(number: String, context: PBXContext) async throws -> [LookupMatch] {
        async let contacts = allContacts(context: context)
        let extensions = try await client.extensions(context: context)
        let wanted = normalizer.normalize(number)
        var matches: [LookupMatch] = try await contacts.compactMap { c in
            guard let hit = c.numbers.first(where: { $0.number == wanted || normalizer.normalize($0.rawNumber) == wanted }) else { return nil }
            return LookupMatch(kind: .contact, id: c.id, name: c.name, company: c.company, matchedNumber: hit.number)
        }
        for e in extensions {
            let external = e.raw["external_cid"].flatMap { if case .string(let s) = $0 { s } else { nil } }
                .map { PhoneNumberNormalizer.splitCallerID($0).number }
            let hit = [e.number, external].compactMap { $0 }.first { !$0.isEmpty && normalizer.normalize($0) == wanted }
            if let hit { matches.append(LookupMatch(kind: .user, id: e.id, name: e.name, company: nil, matchedNumber: normalizer.normalize(hit))) }
        }
        return matches
    }

    // MARK: Voicemail

    public func voicemailBoxes(context: PBXContext) async throws -> [VoicemailBox] {
        let owners = try await client.extensions(context: context).filter { $0.mailboxNumber != nil }
        let records = try await Self.concurrentMap(owners) { try await client.voicemailRecords(extensionID: $0.id, context: context) }
        return zip(owners, records).map { VitalPBXMapping.voicemailBox($0, folders: $1) }
    }

    public func voicemailMessages(boxID: String, context: PBXContext) async throws -> [VoicemailMessage] {
        let folders = try await client.voicemailRecords(extensionID: boxID, context: context)
        return VitalPBXMapping.voicemailMessages(boxID: boxID, folders: folders, normalizer: normalizer)
    }

    public func voicemailMessage(boxID: String, messageID: String, context: PBXContext) async throws -> VoicemailMessage {
        guard let hit = try await voicemailMessages(boxID: boxID, context: context).first(where: { $0.id == messageID }) else {
            throw PBXError.notFound("voicemail message \(messageID)")
        }
        return hit
    }

    public func voicemailAudio(boxID: String, messageID: String, context: PBXContext) async throws -> VoicemailAudio {
        guard let (folder, name) = VitalPBXMapping.splitMessageID(messageID) else { throw PBXError.notFound("voicemail message \(messageID)") }
        let folders = try await client.voicemailRecords(extensionID: boxID, context: context)
        guard let record = folders.folders.first(where: { $0.name == folder })?.records.first(where: { $0.messageName == name }) else {
            throw PBXError.notFound("voicemail message \(messageID)")
        }
        guard let recfile = record.recfile else { throw PBXError.notFound("audio of voicemail message \(messageID)") }
        return try await client.recording(path: recfile, context: context)
    }

    /// `DELETE voicemail/{mailbox}/{folder}/{message}`: the mailbox number comes from the
    /// extension's `mailbox` (`100@vitalpbx-voicemail` → `100`).
    public func deleteVoicemailMessage(boxID: String, messageID: String, context: PBXContext) async throws {
        guard let (folder, name) = VitalPBXMapping.splitMessageID(messageID) else { throw PBXError.notFound("voicemail message \(messageID)") }
        let owner = try await client.extensionRecord(id: boxID, context: context)
        guard let mailbox = owner.mailboxNumber ?? owner.number else { throw PBXError.notFound("voicemail box \(boxID)") }
        try await client.deleteVoicemail(mailbox: mailbox, folder: folder, message: name, context: context)
    }

    // MARK: Helpers

    /// Extension number → extension, to give call parties their user id.
    private func directory(context: PBXContext) async throws -> [String: VitalPBXExtension] {
        var map: [String: VitalPBXExtension] = [:]
        for e in try await client.extensions(context: context) { if let n = e.number { map[n] = e } }
        return map
    }

    private func allContacts(context: PBXContext) async throws -> [Contact] {
        let books = try await client.phonebooks(context: context)
        let lists = try await Self.concurrentMap(books) { try await client.contacts(phonebookID: $0.id, context: context) }
        return zip(books, lists).flatMap { book, list in
            list.map { VitalPBXMapping.contact($0, book: book.id, normalizer: normalizer) }
        }
    }

    /// Fans out per-item requests (a few at a time) and keeps the input order.
    static func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], width: Int = 4,
                                                       _ body: @escaping @Sendable (T) async throws -> R) async throws -> [R] {
        var results = [R?](repeating: nil, count: items.count)
        try await withThrowingTaskGroup(of: (Int, R).self) { group in
            var next = 0
            while next < min(width, items.count) {
                let i = next
                group.addTask { (i, try await body(items[i])) }
                next += 1
            }
            while let (i, r) = try await group.next() {
                results[i] = r
                if next < items.count {
                    let j = next
                    group.addTask { (j, try await body(items[j])) }
                    next += 1
                }
            }
        }
        return results.map { $0! }
    }
}
