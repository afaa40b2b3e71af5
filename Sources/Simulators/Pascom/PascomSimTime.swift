import Foundation

/// pascom's time formats and the `%` wildcard of its filters.
enum PascomSimTime {
    /// `"2020-09-24T08:47:47 +0000"` (reference layout, UTC).
    static func reference(_ ms: Int64) -> String {
        format(ms, "yyyy-MM-dd'T'HH:mm:ss", .gmt) + " +0000"
    }

    /// `"2019-07-05 09:58:17"` (older layout, the PBX's local time, no offset).
    static func local(_ ms: Int64, _ zone: TimeZone) -> String { format(ms, "yyyy-MM-dd HH:mm:ss", zone) }

    /// Database row stamps: `"2020-11-30 07:26:23.250536"`.
    static func rowStamp(_ seconds: Int) -> String { format(Int64(seconds) * 1000, "yyyy-MM-dd HH:mm:ss", .gmt) + ".250536" }

    /// `timefrom`/`timeto`: Unix milliseconds or `YYYY-MM-DD` (a day: its first or last ms).
    static func filter(_ value: String, endOfDay: Bool, zone: TimeZone) throws -> Int64 {
        if let ms = Int64(value) { return ms }
        let parts = value.split(separator: "-").compactMap { Int($0) }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        guard parts.count == 3, let day = cal.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else {
            throw PascomSimulator.Failure(status: 400)
        }
        let start = Int64(day.timeIntervalSince1970 * 1000)
        return endOfDay ? start + 86_400_000 - 1 : start
    }

    /// SQL `LIKE` with `%` only, case-insensitive.
    static func like(_ pattern: String, _ value: String) -> Bool {
        let parts = pattern.lowercased().components(separatedBy: "%")
        let v = value.lowercased()
        if parts.count == 1 { return v == parts[0] }
        guard v.hasPrefix(parts[0]), v.hasSuffix(parts[parts.count - 1]) else { return false }
        var rest = v.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return rest.count >= parts[parts.count - 1].count
    }

    private static func format(_ ms: Int64, _ pattern: String, _ zone: TimeZone) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = pattern
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
