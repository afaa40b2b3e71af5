import Foundation
import PBXCore

/// The call list fonial does not have: `/evn/get` (outgoing) and `/journal/get` (incoming)
/// asked for the same window, merged newest first, filtered here, and paged by walking the
/// requested range in windows of `windowHours`, newest window first.
///
/// A page token is the position of the last call handed out (`<epoch s>:<call id>`); the next
/// page asks again from that second and skips what sorts before it, so calls that share a
/// second are neither lost nor repeated.
struct FonialCallHistory: Sendable {
    let client: FonialClient
    let session: FonialSession
    let mapping: FonialMappingContext

    private var window: Duration { client.configuration.window }

    /// Windows asked per page at most; a sparse range then yields a short (even empty) page
    /// with a cursor, rather than thousands of vendor requests behind one client request.
    static let maxWindowsPerPage = 24
    /// Empty windows double the next one, up to this (or `windowHours` when larger).
    static let maxWindowGrowth: Double = 7 * 86_400

    func page(_ query: CallQuery, page: PageRequest, context: PBXContext) async throws(PBXError) -> Page<Call> {
        if query.direction == .internal { return Page(items: [], nextToken: nil, complete: true) }
        let after = try page.token.map(Position.init(token:))
        let limit = max(1, page.limit)
        let since = query.since.timeIntervalSince1970.rounded(.down)
        var windowEnd = min(query.until.timeIntervalSince1970.rounded(.down), after.map { Double($0.seconds) } ?? .infinity)
        let configured = FonialSession.seconds(window)
        var step = configured
        var windows = 0
        var collected: [Call] = []
        while windowEnd >= since, collected.count <= limit {
            if windows == Self.maxWindowsPerPage {
                // Out of budget: hand back what there is and continue at this window next time.
                return Page(items: collected, nextToken: Position(seconds: Int64(windowEnd), id: nil).token)
            }
            windows += 1
            let windowStart = max(since, windowEnd - step + 1)
            let calls = try await fetch(from: Date(timeIntervalSince1970: windowStart), to: Date(timeIntervalSince1970: windowEnd),
                                        direction: query.direction, context: context)
            collected += calls.filter { call in matches(call, query) && (after?.precedes(call) ?? true) }
            step = calls.isEmpty ? min(step * 2, max(configured, Self.maxWindowGrowth)) : configured
            windowEnd = windowStart - 1
        }
        guard collected.count > limit else { return Page(items: collected, nextToken: nil) }
        let items = Array(collected.prefix(limit))
        return Page(items: items, nextToken: Position(items[items.count - 1]).token)
    }

    /// One call by synthesised id: asks fonial for exactly the second in the id.
    func call(id: String, context: PBXContext) async throws(PBXError) -> Call {
        guard let parsed = FonialCallID(parsing: id), let date = parsed.time.date(in: mapping.timeZone) else {
            throw .notFound("call \(id.prefix(64))")
        }
        let calls = try await fetch(from: date, to: date, direction: parsed.kind == .evn ? .outbound : .inbound, context: context)
        guard let call = calls.first(where: { $0.id == id }) else { throw .notFound("call \(id.prefix(64))") }
        return call
    }

    /// Both lists for `[from, to]` (whole seconds, inclusive), merged newest first.
    func fetch(from: Date, to: Date, direction: CallDirection?, context: PBXContext) async throws(PBXError) -> [Call] {
        let start = FonialLocalTime(from, in: mapping.timeZone)
        let end = FonialLocalTime(to, in: mapping.timeZone)
        async let outgoing = direction == .inbound ? [] : outgoingCalls(start, end, context)
        async let incoming = direction == .outbound ? [] : incomingCalls(start, end, context)
        do {
            return FonialMapping.merged(try await outgoing, try await incoming)
        } catch let error as PBXError {
            throw error
        } catch {
            throw .upstream(status: nil, detail: "fonial call lists failed")
        }
    }

    private func outgoingCalls(_ start: FonialLocalTime, _ end: FonialLocalTime, _ context: PBXContext) async throws(PBXError) -> [Call] {
        let records = try await session.run(context: context) { [client] sid async throws(PBXError) in
            try await client.evn(sid: sid, start: start, end: end, context: context)
        }
        return try FonialMapping.calls(evn: records, context: mapping)
    }

    private func incomingCalls(_ start: FonialLocalTime, _ end: FonialLocalTime, _ context: PBXContext) async throws(PBXError) -> [Call] {
        let records = try await session.run(context: context) { [client] sid async throws(PBXError) in
            try await client.journal(sid: sid, start: start, end: end, context: context)
        }
        return try FonialMapping.calls(journal: records, context: mapping)
    }

    /// Direction is already applied by what is fetched; `number` matches either party,
    /// `user` matches the calling device's SIP user or name (fonial has no users, and
    /// incoming calls name no device, so they never match a `user` filter).
    func matches(_ call: Call, _ query: CallQuery) -> Bool {
        guard call.startedAt >= query.since, call.startedAt <= query.until else { return false }
        if let number = query.number, !matches(number: number, call.from) && !matches(number: number, call.to) { return false }
        if let user = query.user?.lowercased() {
            let sipuser = call.raw?["sipuser"].flatMap { if case .string(let s) = $0 { s } else { nil } }
            guard call.direction == .outbound, sipuser?.lowercased() == user || call.from.name?.lowercased() == user else { return false }
        }
        return true
    }

    private func matches(number query: String, _ party: Party) -> Bool {
        guard let number = party.number else { return false }
        let normalized = mapping.normalizer.normalize(query)
        if normalized == number { return true }
        let wanted = query.filter(\.isNumber)
        let have = number.filter(\.isNumber)
        return !wanted.isEmpty && (have == wanted || (wanted.count >= 6 && have.hasSuffix(wanted)))
    }

    /// Where a page ended: the last call's start second and id, or (`id` nil) a window
    /// boundary at which everything at or before `seconds` is still to come.
    struct Position: Sendable {
        var seconds: Int64
        var id: String?

        init(seconds: Int64, id: String?) {
            self.seconds = seconds
            self.id = id
        }

        init(_ call: Call) {
            self.init(seconds: Int64(call.startedAt.timeIntervalSince1970.rounded(.down)), id: call.id)
        }

        init(token: String) throws(PBXError) {
            let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let s = Int64(parts[0]), parts[1].isEmpty || FonialCallID(parsing: String(parts[1])) != nil else {
                throw .invalidInput("page token is not a fonial position")
            }
            self.init(seconds: s, id: parts[1].isEmpty ? nil : String(parts[1]))
        }

        var token: String { "\(seconds):\(id ?? "")" }

        /// True when `call` comes after this position in newest-first order.
        func precedes(_ call: Call) -> Bool {
            let s = Int64(call.startedAt.timeIntervalSince1970.rounded(.down))
            guard let id else { return s <= seconds }
            return s < seconds || (s == seconds && call.id < id)
        }
    }
}
