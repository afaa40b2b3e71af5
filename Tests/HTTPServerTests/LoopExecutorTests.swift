import Glibc
import Testing
@testable import HTTPServer

/// Something that lives on the global executor, so awaiting it leaves the loop thread.
private actor Elsewhere {
    func value() -> Int { 42 }
}

/// The current thread's name, as the kernel knows it.
func threadName() -> String {
    guard let f = fopen("/proc/thread-self/comm", "r") else { return "?" }
    defer { fclose(f) }
    var buf = [CChar](repeating: 0, count: 32)
    _ = fgets(&buf, 32, f)
    return String(decoding: buf.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

@Suite struct LoopExecutorTests {
    @Test func handlersRunOnTheLoopThreadAndComeBackToItAfterAHop() async throws {
        let elsewhere = Elsewhere()
        try await withServer(responder: ClosureResponder { _, _ in
            let before = threadName()
            _ = await elsewhere.value()
            let after = threadName()
            return .text("\(before) \(after)")
        }) { port in
            let c = try RawClient(port: port)
            try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let names = try #require(try c.readResponse()).bodyText.split(separator: " ").map(String.init)
            #expect(names.count == 2)
            #expect(names.allSatisfy { $0.hasPrefix("http-loop-") })
            // The connection's own loop, before and after: responses never change threads.
            #expect(names.first == names.last)
        }
    }
}
