/// One MiRTA row as the PHP code emits it: named columns in table order, all values strings
/// (or null). Rendered as JSON (optionally repeating each value under its positional key
/// "0".."N", as MySQL's `fetch_array` does) or as MiRTA's plain format (a `|`-separated
/// table with a header row).
struct PBXCloudSimRow: Sendable {
    var columns: [(name: String, value: String?)]

    init(_ columns: [(String, String?)]) { self.columns = columns.map { (name: $0.0, value: $0.1) } }

    subscript(_ name: String) -> String? {
        columns.first { $0.name.lowercased() == name.lowercased() }?.value ?? nil
    }

    func json(positional: Bool) -> String {
        var parts: [String] = []
        for (i, c) in columns.enumerated() {
            let value = c.value.map(PBXCloudSimRow.quote) ?? "null"
            parts.append("\(PBXCloudSimRow.quote(c.name)):\(value)")
            if positional { parts.append("\(PBXCloudSimRow.quote(String(i))):\(value)") }
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func jsonArray(_ rows: [PBXCloudSimRow], positional: Bool) -> String {
        "[" + rows.map { $0.json(positional: positional) }.joined(separator: ",") + "]"
    }

    static func plain(_ rows: [PBXCloudSimRow]) -> String {
        guard let first = rows.first else { return "" }
        var lines = [first.columns.map { capitalized($0.name) }.joined(separator: "|")]
        for r in rows { lines.append(r.columns.map { $0.value ?? "" }.joined(separator: "|")) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"          // PHP's json_encode escapes slashes
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
