import ArgumentParser
import Foundation
import Gateway

struct HashKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-key", abstract: "Print the sha256 form of an API key for the configuration file.",
        discussion: "Reads the key from the argument or, better (it stays out of shell history), from stdin.")

    @Argument(help: "The key; omit to read one line from stdin.")
    var key: String?

    func run() throws {
        var value = key ?? readLine(strippingNewline: true) ?? ""
        value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw ValidationError("no key given (argument or stdin)") }
        print("sha256: \"\(KeyStore.hashed(value))\"")
    }
}
