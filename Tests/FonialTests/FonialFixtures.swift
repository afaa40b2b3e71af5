import Foundation
import PBXCore
@testable import Fonial

/// The fonial docs' own examples, copied verbatim into Fixtures/ (malformed JSON included).
enum FonialFixtures {
    static func bytes(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return Array(try Data(contentsOf: url))
    }

    static func text(_ name: String) throws -> String { String(decoding: try bytes(name), as: UTF8.self) }

    struct FixtureMissing: Error { var name: String }

    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let mapping = FonialMappingContext(timeZone: berlin, country: "DE")

    /// `2016-08-01T10:15:16` read as UTC, for expectations derived from the docs by hand.
    static func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))!
    }
}
