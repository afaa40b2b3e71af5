import Foundation
import PBXCore

/// `calls.list` and `calls.get` over `GET cdr`, which has no documented paging or lookup by
/// id. With epoch dates the adapter pages by keyset: newest first, each page ends at the
/// start second of its last row, and the ids already returned at that second ride along in
/// the token, so rows sharing a second are neither lost nor repeated. With `YYYY-MM-DD`
/// dates the window cannot be cut finer than a day, so the whole window is read once
/// (`cdrMaxRows`) and the gateway slices it.
struct VitalPBXCallHistory: Sendable {
    let client: VitalPBXClient
    let normalizer: PhoneNumberNormalizer
    var configuration: VitalPBXConfiguration { client.configuration }

    /// Keyset position: rows at or before `end` (Unix seconds) not in `seen`.
    struct Token: Equatable {
        var end: Int64
        var seen: Set<String>

        var encoded: String { "\(end):" + seen.sorted().joined(separator: ",") }

        init(end: Int64, seen: Set<String>) {
            self.end = end
            self.seen = seen
        }

        init?(_ text: String) {
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let end = Int64(parts[0]), end >= 0 else { return nil }
            self.end = end
            seen = Set(parts[1].split(separator: ",").map(String.init))
        }
    }

    /// At most this many vendor requests per page, when client-side filters drop most rows.
    static let maxRoundsPerPage = 8

    func list(_ query: CallQuery, page: PageRequest, directory: [String: VitalPBXExtension], context: PBXContext) async throws -> Page<Call> {
        switch configuration.cdrDateFormat {
        case .date: return try await wholeWindow(query, directory: directory, context: context)
        case .epoch: return try await keyset(query, page: page, directory: directory, context: context)
        }
    }

    func call(id: String, directory: [String: VitalPBXExtension], context: PBXContext) async throws -> Call {
        guard let (start, cdrID) = VitalPBXMapping.splitCallID(id) else { throw PBXError.notFound("call \(id)") }
        let rows = try await client.cdr(query: window(from: start, to: start, limit: 1000), context: context).rows
        guard let row = rows.first(where: { $0.id == cdrID }),
              let call = VitalPBXMapping.call(row, timeZone: configuration.timeZone, normalizer: normalizer, directory: directory),
              call.id == id else {
            throw PBXError.notFound("call \(id)")
        }
        return call
    }

    private func wholeWindow(_ query: CallQuery, directory: [String: VitalPBXExtension], context: PBXContext) async throws -> Page<Call> {
        let limit = configuration.cdrMaxRows
        let result = try await client.cdr(query: window(from: query.since, to: query.until, limit: limit), context: context)
        if result.rows.count >= limit || (result.total ?? 0) > result.rows.count {
            throw PBXError.invalidInput("more than \(limit) calls in this window; narrow since/until")
        }
        let calls = mapped(result.rows, directory: directory).filter { matches($0, query) }
        return .all(calls)
    }

    private func keyset(_ query: CallQuery, page: PageRequest, directory: [String: VitalPBXExtension], context: PBXContext) async throws -> Page<Call> {
        var position: Token
        if let text = page.token {
            guard let t = Token(text) else { throw PBXError.invalidInput("malformed call-list position") }
            position = t
        } else {
            position = Token(end: Int64(query.until.timeIntervalSince1970.rounded(.down)), seen: [])
        }
        var collected: [Call] = []
        for _ in 0..<Self.maxRoundsPerPage {
            let want = page.limit - collected.count
            let fetch = min(want + position.seen.count, 10_000)
            let end = Date(timeIntervalSince1970: TimeInterval(position.end))
            let rows = try await client.cdr(query: window(from: query.since, to: end, limit: fetch), context: context).rows
            let exhausted = rows.count < fetch
            let candidates = mapped(rows, directory: directory).filter {
                $0.startedAt <= end.addingTimeInterval(0.999) && !position.seen.contains($0.id)
            }
            var next = position
            var reachedStart = false
            var consumed = 0
            for call in candidates {
                guard collected.count < page.limit else { break }
                // Sorted newest first: a vendor that ignores the start parameter ends here.
                if call.startedAt < query.since { reachedStart = true; break }
                let second = Int64(call.startedAt.timeIntervalSince1970.rounded(.down))
                if second != next.end { next = Token(end: second, seen: []) }
                next.seen.insert(call.id)
                consumed += 1
                if matches(call, query) { collected.append(call) }
            }
            if reachedStart || (exhausted && consumed == candidates.count) { return Page(items: collected, nextToken: nil) }
            if next == position {
                // Nothing new was consumed although the vendor had more: it ignores the
                // window or the limit. Stop rather than loop.
                throw PBXError.upstream(status: nil, detail: "VitalPBX cdr paging made no progress; check the cdr* options")
            }
            position = next
            if collected.count == page.limit { return Page(items: collected, nextToken: position.encoded) }
        }
        return Page(items: collected, nextToken: position.encoded)
    }

    /// The vendor's window parameters (inclusive) plus limit and newest-first sort.
    func window(from: Date, to: Date, limit: Int) -> [(String, String)] {
        var items: [(String, String)]
        switch configuration.cdrDateFormat {
        case .epoch:
            items = [(configuration.cdrStartParam, String(Int64(from.timeIntervalSince1970.rounded(.down)))),
                     (configuration.cdrEndParam, String(Int64(to.timeIntervalSince1970.rounded(.down))))]
        case .date:
            items = [(configuration.cdrStartParam, VitalPBXTime.day(from, timeZone: configuration.timeZone)),
                     (configuration.cdrEndParam, VitalPBXTime.day(to, timeZone: configuration.timeZone))]
        }
        items.append(("limit", String(limit)))
        return items + configuration.sortItems
    }

    /// Newest first, ties by id, whatever order the vendor used.
    private func mapped(_ rows: [VitalPBXCDR], directory: [String: VitalPBXExtension]) -> [Call] {
        rows.compactMap { VitalPBXMapping.call($0, timeZone: configuration.timeZone, normalizer: normalizer, directory: directory) }
            .sorted { $0.startedAt != $1.startedAt ? $0.startedAt > $1.startedAt : $0.id > $1.id }
    }

    func matches(_ call: Call, _ query: CallQuery) -> Bool {
        guard call.startedAt >= query.since, call.startedAt <= query.until else { return false }
        if let d = query.direction, call.direction != d { return false }
        if let n = query.number {
            let wanted = normalizer.normalize(n)
            let hit = [call.from, call.to].contains { p in
                p.number == wanted || p.rawNumber == n || p.number.map { normalizer.normalize($0) } == wanted
            }
            if !hit { return false }
        }
        if let u = query.user {
            let hit = [call.from, call.to].contains { $0.userId == u || $0.extension == u }
            if !hit { return false }
        }
        return true
    }
}
