import Foundation
import PBXCore

// VitalPBX payloads and the one place their quirks are tolerated: ids that are ints in one
// record and strings in the next (`extension_id: 1` vs device `"extension_id": "3"`), `""`
// and `null` for "none", counts and penalties as strings, Unix seconds as strings, PHP's
// `[]` for an empty object, and `data` as an array where one object is meant.

/// `{"status": "...", "message": ...}` without `data`: read first, so an error answer
/// never has to fit the success schema.
struct VitalPBXStatus: VitalPBXRecord {
    var status: String?
    var message: String?

    init(json: JSONValue) throws(VitalPBXShapeError) {
        let f = try VitalPBXFields(json, record: "status")
        status = f.string("status")
        message = f.string("message")
    }

    var isSuccess: Bool { status?.lowercased() == "success" }
}

/// `{"status": "success", "data": D}`.
struct VitalPBXEnvelope<D: Decodable>: Decodable {
    var data: D
}

/// `data` that the docs show as an array although one object is meant (`GET
/// extensions/{id}`), or one object where a list is meant.
struct VitalPBXOneOrMany<T: Decodable>: Decodable {
    var items: [T]
    init(from decoder: any Decoder) throws {
        if let many = try? [T](from: decoder) {
            items = many
        } else if (try? decoder.singleValueContainer().decodeNil()) == true {
            items = []
        } else {
            items = [try T(from: decoder)]
        }
    }
}

extension VitalPBXOneOrMany where T: VitalPBXRecord {
    /// The same rules on the parsed value: an array is the list (every element must be a
    /// record), `null` is none, anything else is one record.
    init(json: JSONValue) throws(VitalPBXShapeError) {
        switch json {
        case .array(let elements):
            var items: [T] = []
            items.reserveCapacity(elements.count)
            for element in elements { items.append(try T(json: element)) }
            self.items = items
        case .null:
            items = []
        default:
            items = [try T(json: json)]
        }
    }
}

struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}

extension KeyedDecodingContainer {
    /// The member as parsed, or nil when absent. One read that cannot fail on a type
    /// mismatch: probing String, then Int64, then Double with `try?` would build and throw
    /// a `DecodingError` for every member that is not a string.
    func value(_ key: Key) -> JSONValue? { (try? decodeIfPresent(JSONValue.self, forKey: key)) ?? nil }

    /// String, int, double or bool as text; `""` and `null` are nil.
    func lenientString(_ key: Key) -> String? { VitalPBXLenient.text(value(key)) }

    /// The first of `keys` that holds a usable id (string or int); a record without one is
    /// not a record.
    func requiredID(_ keys: Key..., record: String) throws -> String {
        for key in keys { if let id = lenientString(key) { return id } }
        throw DecodingError.keyNotFound(keys[0], .init(codingPath: codingPath, debugDescription: "\(record) without \(keys[0].stringValue)"))
    }

    /// Int from an int, a numeric string or a whole double; nil for anything else.
    func lenientInt(_ key: Key) -> Int? { VitalPBXLenient.int(value(key)) }

    /// true/false, 1/0, "1"/"0", "yes"/"no", "true"/"false".
    func lenientBool(_ key: Key) -> Bool? { VitalPBXLenient.bool(value(key)) }

    /// Strings or ints in an array, each as text (`[1, 2]`, `["0", "0"]`).
    func lenientStrings(_ key: Key) -> [String] { VitalPBXLenient.texts(value(key)) }
}

extension Decoder {
    /// The record as sent, for `raw`; secrets are removed when it is mapped.
    func rawRecord() -> JSONValue { (try? JSONValue(from: self)) ?? .null }
}

/// VitalPBX times: `calldate` is a naive `YYYY-MM-DD HH:MM:SS` in the PBX's zone (the
/// tenant's `timezone`), voicemail `date` is Unix seconds as a string.
enum VitalPBXTime {
    static func parse(_ text: String?, timeZone: TimeZone) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.allSatisfy(\.isNumber), let seconds = Int64(text) {
            // Millisecond epochs have 13 digits; seconds 10 until 2286.
            return Date(timeIntervalSince1970: text.count >= 13 ? Double(seconds) / 1000 : Double(seconds))
        }
        let bytes = Array(text.utf8)
        guard bytes.count >= 10 else { return nil }
        func number(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= bytes.count else { return nil }
            var n = 0
            for b in bytes[from..<from + len] {
                guard (48...57).contains(b) else { return nil }
                n = n * 10 + Int(b - 48)
            }
            return n
        }
        guard let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2) else { return nil }
        var (h, mi, s) = (0, 0, 0)
        if bytes.count >= 19 {
            guard let hh = number(11, 2), let mm = number(14, 2), let ss = number(17, 2) else { return nil }
            (h, mi, s) = (hh, mm, ss)
        }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(mo), (1...monthDays[mo - 1]).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        // Arithmetic instead of a Calendar per row (this runs for every CDR row): the wall
        // time as if it were UTC, then the zone's offset at that instant, checked once more
        // for rows next to a DST change.
        let wall = TimeInterval(daysFromCivil(y, mo, d) * 86_400 + h * 3_600 + mi * 60 + s)
        var offset = TimeInterval(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall)))
        let corrected = TimeInterval(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - offset)))
        if corrected != offset { offset = corrected }
        return Date(timeIntervalSince1970: wall - offset)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD` of `date` in `timeZone`, for the `date` CDR parameter format.
    static func day(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
