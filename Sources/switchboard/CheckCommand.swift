import ArgumentParser
import Demo
import Foundation
import Gateway
import Logging
import PBXCore

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate a configuration file (including the adapters' settings) without serving.")

    @Option(name: .long, help: "Configuration file (default: $SWITCHBOARD_CONFIG).")
    var config: String?

    func run() async throws {
        let configuration = try ConfigurationFile.load(config)
        do {
            // Building the application constructs every adapter, which validates vendor
            // options; nothing is started and no vendor is called.
            _ = try GatewayApplication(configuration: configuration, transport: Transports.make(),
                                       logger: Logger(label: "check", factory: { _ in SwiftLogNoOpLogHandler() }))
        } catch {
            ConfigurationFile.fail(error)
        }
        print("configuration OK: \(configuration.tenants.count) tenant(s), \(configuration.keys.count) key(s)")
    }
}
