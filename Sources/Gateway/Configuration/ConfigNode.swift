import Yams

/// A YAML node with the dotted path that led to it, so every error can name the key and
/// the line. Scalars pass through `${NAME}` substitution when read.
struct ConfigNode {
    let node: Node
    let path: String
    let environment: [String: String]

    var line: Int? { node.mark?.line }

    /// The mapping's entries in file order; duplicate keys are an error.
    func mapping(allowed: Set<String>? = nil) throws(ConfigurationError) -> [(key: String, value: ConfigNode)] {
        guard case .mapping(let map) = node else {
            throw .at(line, "\(path) must be a mapping")
        }
        var seen: [String: Int?] = [:]
        var entries: [(key: String, value: ConfigNode)] = []
        for (k, v) in map {
            guard case .scalar(let scalar) = k else { throw .at(k.mark?.line, "\(path) has a key that is not a string") }
            let name = scalar.string
            let keyPath = path.isEmpty ? name : "\(path).\(name)"
            if let allowed, !allowed.contains(name) {
                throw .at(k.mark?.line, "unknown key '\(keyPath)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            if let first = seen[name] {
                throw .at(k.mark?.line, "duplicate key '\(keyPath)'\(first.map { " (first at line \($0))" } ?? "")")
            }
            seen[name] = k.mark?.line
            entries.append((name, ConfigNode(node: v, path: keyPath, environment: environment)))
        }
        return entries
    }

    func sequence() throws(ConfigurationError) -> [ConfigNode] {
        guard case .sequence(let seq) = node else { throw .at(line, "\(path) must be a list") }
        return seq.enumerated().map { ConfigNode(node: $0.element, path: "\(path)[\($0.offset)]", environment: environment) }
    }

    /// True for `~`, `null` and an empty value.
    var isNull: Bool {
        guard case .scalar(let s) = node else { return false }
        return s.tag == Tag(.null) || (s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string))
    }

    /// The scalar's text after `${NAME}` substitution.
    func string() throws(ConfigurationError) -> String {
        guard case .scalar(let s) = node else { throw .at(line, "\(path) must be a single value") }
        return try substitute(s.string)
    }

    func nonEmptyString() throws(ConfigurationError) -> String {
        let s = try string()
        if s.isEmpty { throw .at(line, "\(path) must not be empty") }
        return s
    }

    func int(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let s = try string()
        guard let v = Int(s), range.contains(v) else {
            throw .at(line, "\(path) must be a whole number in \(range.lowerBound)...\(range.upperBound), got '\(s)'")
        }
        return v
    }

    func seconds(max: Double) throws(ConfigurationError) -> Double {
        let s = try string()
        guard let v = Double(s), v > 0, v <= max, v.isFinite else {
            throw .at(line, "\(path) must be a number of seconds above 0 and at most \(Int(max)), got '\(s)'")
        }
        return v
    }

    func bool() throws(ConfigurationError) -> Bool {
        switch try string().lowercased() {
        case "true": return true
        case "false": return false
        case let other: throw .at(line, "\(path) must be true or false, got '\(other)'")
        }
    }

    /// `${NAME}` anywhere in a value → the environment variable NAME; a missing one is an
    /// error naming it (and never echoing any other part of the value, which may be secret).
    func substitute(_ value: String) throws(ConfigurationError) -> String {
        guard value.contains("${") else { return value }
        var out = ""
        var rest = Substring(value)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw .at(line, "\(path): unterminated '${' in value")
            }
            let name = String(rest[start.upperBound..<end])
            guard Self.isVariableName(name) else { throw .at(line, "\(path): '${\(name)}' is not a valid variable name") }
            guard let v = environment[name] else {
                throw .at(line, "environment variable \(name) is not set (used by \(path))")
            }
            out += v
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    static func isVariableName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
