import ArgumentParser
import Gateway
import Logging

/// `--log-level`; JSON lines on stderr through one handler made here (no global bootstrap).
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func makeLogger(label: String = "switchboard") throws -> Logger {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var logger = Logger(label: label, factory: { JSONLogHandler(label: $0) })
        logger.logLevel = level
        return logger
    }
}
