import Foundation

/// fonial's `YYYY-MM-DD HH:MM:SS`: a wall-clock time without a zone (CATALOGUE §8.61). It
/// only becomes an instant with the tenant's time zone, so it is kept as components until
/// then; the same type writes the `start`/`end` of EVN and journal windows.
public struct FonialLocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year, month, day, hour, minute, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Accepts `YYYY-MM-DD HH:MM:SS` (also with `T`, or without seconds). Nil for anything
    /// else and for the all-zero "no date" some billing systems send.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let bytes = Array(t.utf8)
        guard bytes.count == 19 || bytes.count == 16 else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard bytes[i] >= 0x30, bytes[i] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[i] - 0x30)
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
              bytes.count == 16 || bytes[16] == UInt8(ascii: ":"),
              let y = digits(0..<4), let mo = digits(5..<7), let d = digits(8..<10),
              let h = digits(11..<13), let mi = digits(14..<16) else { return nil }
        let s = bytes.count == 19 ? digits(17..<19) : 0
        guard let s, (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi),
              (0...60).contains(s), y > 0 else { return nil }
        self.init(year: y, month: mo, day: d, hour: h, minute: mi, second: min(s, 59))
    }

    /// The wall-clock reading of `date` in `zone`.
    public init(_ date: Date, in zone: TimeZone) {
        let c = Self.calendar(zone).dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        self.init(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1,
                  hour: c.hour ?? 0, minute: c.minute ?? 0, second: c.second ?? 0)
    }

    /// The instant this reading means in `zone`. In the hour a DST change repeats, the
    /// earlier instant is taken; a reading that falls into the skipped hour moves forward.
    public func date(in zone: TimeZone) -> Date? { date(in: Self.calendar(zone)) }

    /// The same with a calendar made once for many conversions (building one is costly).
    public func date(in calendar: Calendar) -> Date? {
        calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
    }

    public var description: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-\(two(month))-\(two(day)) \(two(hour)):\(two(minute)):\(two(second))"
    }

    /// Digits only (`20160801101516`), for synthesised ids.
    public var compact: String { description.filter(\.isNumber) }

    public static func < (a: FonialLocalTime, b: FonialLocalTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }

    public static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
