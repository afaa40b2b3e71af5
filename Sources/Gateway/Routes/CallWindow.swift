import Foundation
import HTTPServer
import PBXCore

/// `since`/`until`/`direction`/`number`/`user` of `GET /calls` → `CallQuery`. Date-only
/// values are days in the tenant's time zone; `until` then runs to the end of that day.
/// Without bounds the window is the last 24 hours.
enum CallWindow {
    static let defaultSpan: TimeInterval = 24 * 3600

    static func query(_ q: QueryParameters, tenant: Tenant, now: Date) throws(HTTPError) -> CallQuery {
        let zone = tenant.settings.timeZone
        let since = try q.string("since", maxLength: 40).map { s throws(HTTPError) in try instant(s, name: "since", zone: zone, endOfDay: false) }
        let until = try q.string("until", maxLength: 40).map { s throws(HTTPError) in try instant(s, name: "until", zone: zone, endOfDay: true) }
        let end = until ?? now
        let start = since ?? end.addingTimeInterval(-defaultSpan)
        guard start <= end else { throw .badRequest("'since' must not be after 'until'.") }
        var number: String?
        if let n = try q.string("number", maxLength: 64) {
            number = tenant.normalizer.normalize(try JSONBody.phoneNumber(n, field: "number"))
        }
        return CallQuery(since: start, until: end, direction: try q.oneOf("direction", CallDirection.self),
                         number: number, user: try q.string("user", maxLength: 128))
    }

    static func instant(_ text: String, name: String, zone: TimeZone, endOfDay: Bool) throws(HTTPError) -> Date {
        if let d = RFC3339.parse(text) { return d }
        if let (y, m, d) = RFC3339.parseDate(text) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            guard let start = calendar.date(from: DateComponents(year: y, month: m, day: d)) else {
                throw .badRequest("'\(name)' is not a valid date.")
            }
            guard endOfDay else { return start }
            let next = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86400)
            return next.addingTimeInterval(-0.001)
        }
        throw .badRequest("'\(name)' must be RFC 3339 (2024-05-01T08:00:00Z) or a date (2024-05-01).")
    }
}
