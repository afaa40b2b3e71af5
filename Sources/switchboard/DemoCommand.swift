import ArgumentParser
import Demo
import Foundation
import PBXCore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Start the simulated PBXs and the gateway, and print how to call it.")

    @Option(name: .long, help: "Gateway port (0 = any free port).")
    var port: Int = 8080

    @Option(name: .long, help: "Use this full-access key instead of a random one.")
    var key: String?

    @OptionGroup var log: LogOptions

    func run() async throws {
        let logger = try log.makeLogger()
        let demo = try await DemoEnvironment.start(port: port, key: key, transport: Transports.make(), logger: logger)
        let walkthrough = await DemoWalkthrough(environment: demo)
        var out = "Switchboard demo on \(demo.baseURL)\n"
        for vendor in demo.vendors {
            out += "  tenant \(vendor): simulated \(vendor) PBX at \(demo.simulators[vendor]!.baseURL)\n"
        }
        if demo.vendors.isEmpty { out += "  (no vendor simulators in this build yet)\n" }
        out += "\nDemo key (all tenants):  \(demo.key)\nRead-only key:           \(demo.readOnlyKey)\n\n"
        out += "Try:\n\n" + walkthrough.script(baseURL: demo.baseURL, key: demo.key)
        out += "Spec: \(demo.baseURL)/openapi.yaml   Ctrl-C stops the demo.\n"
        FileHandle.standardOutput.write(Data(out.utf8))
        _ = await SignalWaiter.wait()
        await demo.stop()
    }
}
