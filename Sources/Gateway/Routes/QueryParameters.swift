import HTTPServer

/// The decoded query of one request, checked against the names its route accepts: unknown
/// or repeated names and malformed escapes are 400, never silently ignored.
struct QueryParameters: Sendable {
    private(set) var values: [String: String] = [:]

    init(_ query: Substring?, allowed: Set<String>) throws(HTTPError) {
        guard let items = PercentDecoding.queryItems(query) else {
            throw .badRequest("The query string has a malformed percent-escape or is not UTF-8.")
        }
        for (name, value) in items {
            guard allowed.contains(name) else {
                let list = allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")
                throw .badRequest("Unknown query parameter '\(name.prefix(64))' (accepted here: \(list)).")
            }
            guard values[name] == nil else { throw .badRequest("Query parameter '\(name)' is given more than once.") }
            values[name] = value
        }
    }

    subscript(name: String) -> String? { values[name] }

    /// A present value must not be empty.
    func string(_ name: String, maxLength: Int = 256) throws(HTTPError) -> String? {
        guard let v = values[name] else { return nil }
        if v.isEmpty { throw .badRequest("Query parameter '\(name)' must not be empty.") }
        if v.count > maxLength { throw .badRequest("Query parameter '\(name)' is longer than \(maxLength) characters.") }
        return v
    }

    func required(_ name: String, maxLength: Int = 256) throws(HTTPError) -> String {
        guard let v = try string(name, maxLength: maxLength) else { throw .badRequest("Query parameter '\(name)' is required.") }
        return v
    }

    func int(_ name: String, in range: ClosedRange<Int>, default value: Int) throws(HTTPError) -> Int {
        guard let raw = values[name] else { return value }
        guard raw.utf8.count <= 10, let v = Int(raw), range.contains(v) else {
            throw .badRequest("Query parameter '\(name)' must be a whole number in \(range.lowerBound)...\(range.upperBound).")
        }
        return v
    }

    func oneOf<E: RawRepresentable & CaseIterable>(_ name: String, _: E.Type) throws(HTTPError) -> E? where E.RawValue == String {
        guard let raw = values[name] else { return nil }
        guard let v = E(rawValue: raw) else {
            throw .badRequest("Query parameter '\(name)' must be one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return v
    }

    /// `include=raw` (the only value `include` takes).
    func includeRaw() throws(HTTPError) -> Bool {
        guard let v = values["include"] else { return false }
        guard v == "raw" else { throw .badRequest("Query parameter 'include' only accepts 'raw'.") }
        return true
    }

    /// What a cursor is bound to: every parameter but the paging ones and `include`, in a
    /// canonical order.
    var filterBinding: String {
        values.filter { !["limit", "cursor", "include"].contains($0.key) }
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "\u{0}")
    }
}
