import HTTPServer

/// Opaque, tamper-evident client cursors. A cursor carries a position (the adapter's token
/// and/or an offset into its answer) and an HMAC-SHA256 over that position and the query it
/// belongs to (route, tenant, filters; not `limit`). A cursor presented with another query
/// fails the check, as does any edited byte.
struct CursorCodec: Sendable {
    private let key: [UInt8]
    static let macBytes = 16
    static let maxLength = 4096

    init(secret: [UInt8]) { key = secret }

    struct Position: Sendable, Equatable {
        var token: String?
        var offset: Int
    }

    func encode(_ position: Position, binding: String) -> String {
        var payload = Array(String(position.offset).utf8)
        if let token = position.token {
            payload.append(UInt8(ascii: "|"))
            payload.append(contentsOf: token.utf8)
        }
        return Base64URL.encode(payload) + "." + Base64URL.encode(mac(payload, binding))
    }

    func decode(_ cursor: String, binding: String) throws(HTTPError) -> Position {
        let invalid = HTTPError.badRequest("The cursor is not valid for this query (cursors are bound to the route, tenant and filters that produced them).")
        guard cursor.utf8.count <= Self.maxLength, let dot = cursor.firstIndex(of: "."),
              let payload = Base64URL.decode(cursor[..<dot]),
              let tag = Base64URL.decode(cursor[cursor.index(after: dot)...]),
              SHA256.constantTimeEquals(tag, mac(payload, binding)) else { throw invalid }
        let text = String(decoding: payload, as: UTF8.self)
        let bar = text.firstIndex(of: "|")
        guard let offset = Int(bar.map { text[..<$0] } ?? text[...]), offset >= 0 else { throw invalid }
        return Position(token: bar.map { String(text[text.index(after: $0)...]) }, offset: offset)
    }

    private func mac(_ payload: [UInt8], _ binding: String) -> [UInt8] {
        Array(SHA256.hmac(key: key, payload + [0] + Array(binding.utf8)).prefix(Self.macBytes))
    }
}
