import Foundation
import PBXCore

/// Where the next page of `/cdr/` starts: records at or before `upperMs`, minus the ids
/// already returned that carry exactly `upperMs`. pascom has `limit` but no offset, and
/// several records can share one millisecond (legs of one call chain), so a bare timestamp
/// would either repeat or skip records.
struct PascomCallCursor: Sendable, Hashable {
    var upperMs: Int64
    var seen: [String]

    var token: String { "c1:\(upperMs):" + seen.joined(separator: ",") }

    init(upperMs: Int64, seen: [String]) {
        self.upperMs = upperMs
        self.seen = seen
    }

    init(token: String) throws(PBXError) {
        let parts = token.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "c1", let upper = Int64(parts[1]) else { throw .invalidInput("malformed calls cursor") }
        upperMs = upper
        seen = parts[2].split(separator: ",").map(String.init)
        guard seen.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { throw .invalidInput("malformed calls cursor") }
    }
}

/// `calls.list` over `/cdr/`: walks the window newest first in time slices. Direction is
/// also asked of pascom where its filters can express it; `number` and `user` match either
/// party, which pascom's AND-ed `src*`/`dst*` filters cannot, so they are applied here,
/// scanning at most `cdrRequestsPerPage` batches per page.
struct PascomCallHistory: Sendable {
    let client: PascomClient
    let mapping: PascomMapping

    func list(_ query: CallQuery, page: PageRequest, context: PBXContext) async throws(PBXError) -> Page<Call> {
        let since = PascomTime.milliseconds(query.since)
        var cursor = try page.token.map { t throws(PBXError) in try PascomCallCursor(token: t) }
            ?? PascomCallCursor(upperMs: PascomTime.milliseconds(query.until), seen: [])
        let limit = max(1, page.limit)
        let filteredHere = query.number != nil || query.user != nil
        let batch = client.config.cdrBatchSize
        var items: [Call] = []
        for _ in 0..<client.config.cdrRequestsPerPage {
            if cursor.upperMs < since { return Page(items: items) }
            let wanted = filteredHere ? batch : limit - items.count + 1
            let n = cursor.seen.count + max(1, min(wanted, batch))
            var params: [(String, String)] = [("timefrom", String(since)), ("timeto", String(cursor.upperMs)),
                                              ("limit", String(n)), ("order", "desc")]
            switch query.direction {
            case .inbound?: params += [("srcinternal", "false"), ("dstinternal", "true")]
            case .internal?: params += [("srcinternal", "true"), ("dstinternal", "true")]
            default: break
            }
            let records = try await client.cdr(params, context: context)
            var calls = try window(records, since: since, upper: cursor.upperMs)
            // A full batch may end inside a group of records sharing one millisecond, and
            // pascom returns an arbitrary part of such a group. Reading the whole group keeps
            // the order (time, then id) the same however the history is paged; it is needed
            // only when this page may reach into that last group.
            let lowest = calls.last?.ms ?? .min
            let above = calls.filter { c in c.ms > lowest && !(c.ms == cursor.upperMs && cursor.seen.contains(c.call.id)) }.count
            if records.count >= n, !calls.isEmpty, filteredHere || above < limit - items.count {
                var group = params.filter { $0.0 != "timefrom" && $0.0 != "timeto" && $0.0 != "limit" }
                group += [("timefrom", String(lowest)), ("timeto", String(lowest)), ("limit", "5000")]
                let complete = try window(try await client.cdr(group, context: context), since: lowest, upper: lowest)
                calls = calls.filter { $0.ms != lowest } + complete
                calls.sort { a, b in a.ms != b.ms ? a.ms > b.ms : Self.idOrder(a.call.id, b.call.id) }
            }
            var consumed = false
            for (i, c) in calls.enumerated() {
                if c.ms == cursor.upperMs && cursor.seen.contains(c.call.id) { continue }
                if c.ms == cursor.upperMs { cursor.seen.append(c.call.id) } else { cursor = PascomCallCursor(upperMs: c.ms, seen: [c.call.id]) }
                consumed = true
                if matches(c.call, query) { items.append(c.call) }
                if items.count == limit {
                    let rest = calls[(i + 1)...].contains { r in
                        !(r.ms == cursor.upperMs && cursor.seen.contains(r.call.id)) && matches(r.call, query)
                    }
                    return Page(items: items, nextToken: rest || records.count >= n ? cursor.token : nil)
                }
            }
            if records.count < n { return Page(items: items) }
            if !consumed {
                throw .upstream(status: nil, detail: "pascom /cdr/ did not move past \(cursor.seen.count) records of one millisecond")
            }
        }
        return Page(items: items, nextToken: cursor.token)
    }

    /// `calls.get`: pascom has no `/cdr/{id}`; `?id=` filters the list.
    func call(id: String, context: PBXContext) async throws(PBXError) -> Call {
        guard !id.isEmpty, id.count <= 20, id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            _ = try PascomClient.segment(id, "call id")
            throw .notFound("no call \(id)")
        }
        let records = try await client.cdr([("id", id), ("chaindata", "false")], context: context)
        guard let r = records.first(where: { $0.id == id }) else { throw .notFound("no call \(id)") }
        return try client.decode("GET /cdr/") { () throws(PascomDecodingError) in try mapping.call(r) }
    }

    /// Maps records and keeps those inside `since...upper`, newest first.
    private func window(_ records: [PascomCallRecord], since: Int64, upper: Int64) throws(PBXError) -> [(ms: Int64, call: Call)] {
        var calls: [(ms: Int64, call: Call)] = []
        for r in records {
            let call = try client.decode("GET /cdr/") { () throws(PascomDecodingError) in try mapping.call(r) }
            let ms = PascomTime.milliseconds(call.startedAt)
            if ms <= upper && ms >= since && !calls.contains(where: { $0.call.id == call.id }) { calls.append((ms, call)) }
        }
        calls.sort { a, b in a.ms != b.ms ? a.ms > b.ms : Self.idOrder(a.call.id, b.call.id) }
        return calls
    }

    /// Newest first; equal times by descending numeric id, so pages are deterministic.
    static func idOrder(_ a: String, _ b: String) -> Bool {
        if let x = Int64(a), let y = Int64(b) { return x > y }
        return a > b
    }

    func matches(_ c: Call, _ q: CallQuery) -> Bool {
        if let d = q.direction, c.direction != d { return false }
        if let user = q.user {
            let hit = [c.from, c.to].contains { $0.userId == user || $0.extension == user }
            if !hit { return false }
        }
        if let number = q.number {
            let wanted = mapping.normalizer.normalize(number)
            let digits = number.filter(\.isNumber)
            let hit = [c.from, c.to].contains { p in
                p.number == wanted || (!digits.isEmpty && p.rawNumber?.filter(\.isNumber) == digits)
            }
            if !hit { return false }
        }
        return true
    }
}
