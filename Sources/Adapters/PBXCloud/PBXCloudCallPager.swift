import Foundation
import PBXCore

/// Pages through call history without vendor paging: MiRTA's `INFO info=cdrs` only takes a
/// `start`/`end` window (FIELD-NOTES §A1), so the query window is walked backwards in
/// slices of `window`, newest first. The continuation token is `<slice end>:<offset>`
/// (Unix seconds, calls already returned from that slice); it stays valid while the
/// vendor's history for the slice does not change.
struct PBXCloudCallPager: Sendable {
    var window: Duration
    /// Vendor requests one page may make before it hands back a token instead.
    var maxRequestsPerPage = 14

    struct Token: Equatable {
        var sliceEnd: Date
        var offset: Int

        init(sliceEnd: Date, offset: Int) {
            self.sliceEnd = sliceEnd
            self.offset = offset
        }

        init(parsing text: String) throws(PBXError) {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let end = Double(parts[0]), end.isFinite, let offset = Int(parts[1]), offset >= 0 else {
                throw .invalidInput("cursor is not a PBX Cloud call cursor")
            }
            self.init(sliceEnd: Date(timeIntervalSince1970: end), offset: offset)
        }

        var text: String { "\(sliceEnd.timeIntervalSince1970):\(offset)" }
    }

    /// `fetch(start, end)` returns the mapped, filtered calls of one slice (any order).
    func page(_ query: CallQuery, request: PageRequest,
              fetch: (Date, Date) async throws -> [Call]) async throws -> Page<Call> {
        let token = try request.token.map { text throws(PBXError) in try Token(parsing: text) }
        var sliceEnd = min(token?.sliceEnd ?? query.until, query.until)
        var skip = token?.offset ?? 0
        var items: [Call] = []
        var requests = 0
        let seconds = Double(window.components.seconds)
        while sliceEnd > query.since || (sliceEnd == query.since && requests == 0 && token == nil) {
            if requests == maxRequestsPerPage { return Page(items: items, nextToken: Token(sliceEnd: sliceEnd, offset: skip).text) }
            let sliceStart = max(query.since, sliceEnd.addingTimeInterval(-seconds))
            let isLast = sliceStart == query.since
            requests += 1
            let calls = try await fetch(sliceStart, sliceEnd)
                .filter { $0.startedAt <= sliceEnd && ($0.startedAt > sliceStart || (isLast && $0.startedAt >= sliceStart)) }
                .sorted { $0.startedAt != $1.startedAt ? $0.startedAt > $1.startedAt : $0.id > $1.id }
            let remaining = calls.dropFirst(skip)
            let need = request.limit - items.count
            if remaining.count > need {
                items += remaining.prefix(need)
                return Page(items: items, nextToken: Token(sliceEnd: sliceEnd, offset: skip + need).text)
            }
            items += remaining
            skip = 0
            if isLast { break }
            sliceEnd = sliceStart
            if items.count == request.limit { return Page(items: items, nextToken: Token(sliceEnd: sliceEnd, offset: 0).text) }
        }
        return Page(items: items, nextToken: nil)
    }

    /// The call filters of `GET /calls` the vendor cannot apply itself.
    static func matches(_ call: Call, _ query: CallQuery, normalizer: PhoneNumberNormalizer) -> Bool {
        if let d = query.direction, call.direction != d { return false }
        if let user = query.user {
            let parties = [call.from, call.to]
            guard parties.contains(where: { $0.userId == user || $0.extension == user }) else { return false }
        }
        if let number = query.number {
            let wanted = normalizer.normalize(number)
            let digits = number.filter(\.isNumber)
            let hit = [call.from, call.to].contains { p in
                p.number == wanted || p.rawNumber == number || (!digits.isEmpty && (p.rawNumber?.filter(\.isNumber) == digits))
            }
            if !hit { return false }
        }
        return true
    }
}
