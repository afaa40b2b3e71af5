import PBXCore

/// Reads fonial bodies into `JSONValue` with the shared one-pass parser, which accepts the
/// one documented quirk — a trailing comma before `}`/`]`, in every example of the docs.
/// Everything else must be JSON: the journal example's unterminated string is refused.
/// Nesting is capped (`JSONParser.maxDepth`).
enum FonialJSON {
    struct SyntaxError: Error, Sendable, Equatable {
        var offset: Int
    }

    static func parse(_ body: [UInt8]) throws(SyntaxError) -> JSONValue {
        do {
            return try JSONValue(parsing: body)
        } catch {
            throw SyntaxError(offset: error.offset)
        }
    }
}
