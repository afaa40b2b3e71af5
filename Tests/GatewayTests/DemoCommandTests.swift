import Foundation
import Testing
import Upstream

/// `switchboard demo` as a user runs it: the real executable starts, prints its
/// walkthrough, every printed command answers as its title says, and SIGTERM stops it
/// cleanly.
@Suite struct DemoCommandTests {
    static let executable = ContractTests.root.appendingPathComponent(".build/debug/switchboard").path

    struct Step { var title: String; var method: String; var url: String; var body: String? }

    /// The `# N. title` / `curl …` pairs of the printed walkthrough.
    static func steps(_ output: String) -> [Step] {
        var steps: [Step] = []
        var title = ""
        for line in output.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# ") { title = line; continue }
            guard line.hasPrefix("curl ") else { continue }
            let quoted = line.split(separator: "'", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            let method = line.range(of: " -X ").map { String(line[$0.upperBound...].prefix { $0 != " " }) } ?? "GET"
            let body = line.contains(" -d '") ? quoted.first { $0.hasPrefix("{") } : nil
            steps.append(Step(title: title, method: method, url: quoted.last ?? "", body: body))
        }
        return steps
    }

    @Test func demoPrintsAWalkthroughThatWorks() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable), "build the switchboard product first")
        let key = "demo-test-key-0123456789"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["demo", "--port", "0", "--key", key, "--log-level", "error"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // Read until the walkthrough's last line (the demo prints it in one write).
        var output = ""
        let reader = stdout.fileHandleForReading
        while !output.contains("Ctrl-C stops the demo.") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            output += String(decoding: chunk, as: UTF8.self)
        }
        #expect(output.contains("Demo key (all tenants):  \(key)"))
        let steps = Self.steps(output)
        #expect(steps.count >= 4, "\(output)")
        #expect(steps.contains { $0.title.contains("Click-to-dial") })
        #expect(steps.contains { $0.title.contains("Caller-ID lookup") })
        #expect(steps.contains { $0.title.contains("501") })

        let client = CurlClient()
        for step in steps {
            var headers = [(name: "Authorization", value: "Bearer \(key)")]
            if step.body != nil { headers.append((name: "Content-Type", value: "application/json")) }
            let response = try await client.send(UpstreamRequest(method: step.method, url: step.url, headers: headers,
                                                                 body: step.body.map { Array($0.utf8) }, timeout: .seconds(30)))
            let expected = step.title.contains("501") ? 501 : step.title.contains("Click-to-dial") ? 202 : 200
            #expect(response.status == expected, "\(step.title): \(String(decoding: response.body, as: UTF8.self))")
        }

        process.terminate()  // SIGTERM: graceful shutdown, exit 0
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
