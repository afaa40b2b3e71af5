import Glibc
import HTTPServer

// libFuzzer target for the request parser. Built by scripts/fuzz.sh with
// `-sanitize=fuzzer,address -DFUZZING`, it runs libFuzzer's driver. In an ordinary
// build the target is a tiny replayer: `HTTPParserFuzz FILE...` runs saved inputs.

/// Small limits so the fuzzer reaches every limit branch with short inputs.
private let configuration: HTTPServerConfiguration = {
    var c = HTTPServerConfiguration()
    c.maxRequestLineBytes = 256
    c.maxHeaderLineBytes = 256
    c.maxHeaderBytes = 1024
    c.maxHeaderCount = 16
    c.maxBodyBytes = 2048
    return c
}()

/// Feeds the input in two reads split at a point chosen by the first byte, like a
/// connection would (unconsumed bytes offered again), and checks the parser's promises.
func fuzzOne(_ input: UnsafeRawBufferPointer) {
    guard !input.isEmpty else { return }
    let data = UnsafeRawBufferPointer(rebasing: input[1...])
    let split = data.isEmpty ? 0 : Int(input[0]) % (data.count + 1)
    var parser = RequestParser(configuration: configuration)
    var pending: [UInt8] = []
    for chunk in [data[..<split], data[split...]] {
        pending.append(contentsOf: chunk)
        while true {
            let (event, used) = pending.withUnsafeBytes { parser.parse($0) }
            precondition(used >= 0 && used <= pending.count, "consumed more than offered")
            pending.removeFirst(used)
            switch event {
            case .needMore:
                break
            case .request(let parsed):
                precondition(parsed.request.body.count <= configuration.maxBodyBytes, "body over the limit")
                precondition(parsed.request.target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "unsafe target")
                for field in parsed.request.headers {
                    precondition(!field.value.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }, "CR/LF/NUL in a value")
                }
                continue
            case .failure(let error):
                precondition(error.closeConnection, "a parse failure must close")
                precondition((400...505).contains(error.status.code), "odd status")
                return
            }
            break
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

@main
enum ParserFuzz {
    static func main() {
        #if FUZZING
        // SwiftPM renames an executable's `main`, so libFuzzer's own `main` never runs;
        // its driver is started from here instead.
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            fuzzOne(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }
        exit(status)
        #else
        for path in CommandLine.arguments.dropFirst() {
            guard let bytes = readFile(path) else { print("cannot read \(path)"); continue }
            bytes.withUnsafeBytes { fuzzOne($0) }
            print("ok \(path) (\(bytes.count) bytes)")
        }
        #endif
    }
}
