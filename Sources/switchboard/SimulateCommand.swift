import ArgumentParser
import Foundation
import Simulators

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Run one simulated PBX alone, for developing against its API.")

    @Option(name: .long, help: "pascom, fonial, vitalpbx or pbxcloud.")
    var vendor: String

    @Option(name: .long, help: "Port (0 = any free port).")
    var port: Int = 0

    @Option(name: .long, help: "Address to bind.")
    var host: String = "127.0.0.1"

    func run() async throws {
        guard let simulator = SimulatorCatalog.make(vendor: vendor) else {
            let known = SimulatorCatalog.vendors.filter { SimulatorCatalog.make(vendor: $0) != nil }
            throw ValidationError("no simulator for '\(vendor)' (available: \(known.isEmpty ? "none yet" : known.joined(separator: ", ")))")
        }
        let server = SimulatorHost(simulator: simulator, host: host, port: port)
        let bound = try server.start()
        print("\(vendor) simulator on http://\(host):\(bound)\(simulator.basePath)")
        for (k, v) in simulator.demoCredentials.sorted(by: { $0.key < $1.key }) { print("  \(k): \(v)") }
        print("  faults: POST http://\(host):\(bound)/_sim/faults   counters: GET http://\(host):\(bound)/_sim/counters")
        _ = await SignalWaiter.wait()
        await server.shutdown()
    }
}
