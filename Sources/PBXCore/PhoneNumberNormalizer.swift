import Foundation

/// Turns the many ways vendors and users write numbers into E.164 where that is possible.
/// Short internal extensions stay as they are; unknown shapes come back cleaned but not
/// guessed at.
public struct PhoneNumberNormalizer: Sendable, Hashable {
    public var country: String?

    public init(country: String?) { self.country = country?.uppercased() }

    /// Calling code and national (trunk) prefix per country. Countries not listed only get
    /// `+`/`00` numbers normalised.
    static let countries: [String: (code: String, trunk: String, international: [String])] = [
        "DE": ("49", "0", ["00"]), "AT": ("43", "0", ["00"]), "CH": ("41", "0", ["00"]),
        "NL": ("31", "0", ["00"]), "BE": ("32", "0", ["00"]), "FR": ("33", "0", ["00"]),
        "IT": ("39", "", ["00"]), "ES": ("34", "", ["00"]), "GB": ("44", "0", ["00"]),
        "PL": ("48", "", ["00"]), "DK": ("45", "", ["00"]), "SE": ("46", "0", ["00"]),
        "NO": ("47", "", ["00"]), "LU": ("352", "", ["00"]), "IE": ("353", "0", ["00"]),
        "US": ("1", "1", ["011"]), "CA": ("1", "1", ["011"]),
    ]

    /// Longest extension kept short (internal numbers such as `101`, `2001`).
    public static let maxExtensionDigits = 6

    public func normalize(_ raw: String) -> String {
        let (_, number) = Self.splitCallerID(raw)
        var trimmed = number.trimmingCharacters(in: .whitespaces)
        // `+41 (0)44 …`: the bracketed trunk prefix is for national dialling only and must
        // go before the digits are joined, or it lands inside the E.164 number.
        if trimmed.hasPrefix("+") || trimmed.hasPrefix("00") {
            trimmed = trimmed.replacingOccurrences(of: "(0)", with: "")
        }
        var digits = ""
        var plus = false
        for (i, ch) in trimmed.enumerated() {
            if ch == "+" && i == 0 { plus = true }
            else if ch.isASCII && ch.isNumber { digits.append(ch) }
            else if " -./()[]\u{a0}".contains(ch) { continue }
            else { return trimmed }          // letters, `*`, `#`: not a phone number we can rewrite
        }
        if digits.isEmpty { return trimmed }
        if plus { return "+" + digits }
        let info = country.flatMap { Self.countries[$0] }
        for prefix in info?.international ?? ["00"] where digits.hasPrefix(prefix) && digits.count > prefix.count + 4 {
            return "+" + digits.dropFirst(prefix.count)
        }
        if digits.hasPrefix("00") && digits.count > 6 { return "+" + digits.dropFirst(2) }
        if digits.count <= Self.maxExtensionDigits { return digits }
        guard let info else { return digits }
        if info.code == "1" {
            if digits.count == 10 { return "+1" + digits }
            if digits.count == 11 && digits.hasPrefix("1") { return "+" + digits }
            return digits
        }
        if !info.trunk.isEmpty {
            if digits.hasPrefix(info.trunk) { return "+" + info.code + digits.dropFirst(info.trunk.count) }
            // Without the trunk prefix a long number already carries its country code when
            // it starts with it (vendors often send `4922...`).
            if digits.hasPrefix(info.code) && digits.count >= 10 { return "+" + digits }
            return digits
        }
        return digits.hasPrefix(info.code) && digits.count >= 10 ? "+" + digits : "+" + info.code + digits
    }

    /// `"Tina Sander" <101>` → (`Tina Sander`, `101`); anything else → (nil, input).
    public static func splitCallerID(_ s: String) -> (name: String?, number: String) {
        guard let lt = s.lastIndex(of: "<"), let gt = s.lastIndex(of: ">"), lt < gt else { return (nil, s) }
        let number = String(s[s.index(after: lt)..<gt]).trimmingCharacters(in: .whitespaces)
        var name = String(s[..<lt]).trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        return (name.isEmpty ? nil : name, number)
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t", "\u{a0}"]
}
