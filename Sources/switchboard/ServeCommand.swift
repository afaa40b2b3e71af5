import ArgumentParser
import Demo
import Foundation
import Gateway
import PBXCore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the API with a configuration file.")

    @Option(name: .long, help: "Configuration file (default: $SWITCHBOARD_CONFIG).")
    var config: String?

    @OptionGroup var log: LogOptions

    func run() async throws {
        let logger = try log.makeLogger()
        let configuration = try ConfigurationFile.load(config)
        let application: GatewayApplication
        do {
            application = try GatewayApplication(configuration: configuration, transport: Transports.make(),
                                                 clock: SystemWallClock(), logger: logger)
        } catch {
            ConfigurationFile.fail(error)
        }
        let port = try application.start()
        logger.info("listening", metadata: ["address": "\(configuration.server.host):\(port)",
                                            "tenants": "\(configuration.tenants.count)"])
        let sig = await SignalWaiter.wait()
        logger.info("shutting down", metadata: ["signal": "\(sig)"])
        await application.shutdown()
    }
}

/// `--config` or `$SWITCHBOARD_CONFIG` → a validated configuration, or exit 2 with one line.
enum ConfigurationFile {
    static func load(_ path: String?) throws -> GatewayConfiguration {
        guard let path = path ?? ProcessInfo.processInfo.environment["SWITCHBOARD_CONFIG"], !path.isEmpty else {
            throw ValidationError("no configuration: pass --config FILE or set SWITCHBOARD_CONFIG")
        }
        do {
            return try ConfigurationLoader().load(path: path)
        } catch {
            fail(error)
        }
    }

    static func fail(_ error: ConfigurationError) -> Never {
        FileHandle.standardError.write(Data("switchboard: configuration error: \(error.message)\n".utf8))
        exit(2)
    }
}
