/// A start-up failure: one line that names the problem (and the key and line where the
/// file has one). Never contains a secret value.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func at(_ line: Int?, _ message: String) -> ConfigurationError {
        ConfigurationError(line.map { "line \($0): \(message)" } ?? message)
    }
}
