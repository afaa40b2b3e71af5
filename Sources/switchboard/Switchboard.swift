import ArgumentParser

/// `switchboard serve|check|hash-key|simulate|demo`. (An `@main` type rather than
/// main.swift: top-level code picks argument-parser's synchronous entry point, which
/// cannot run async subcommands.)
@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "One vendor-neutral REST API over pascom, fonial, VitalPBX and PBX Cloud.",
        subcommands: [ServeCommand.self, CheckCommand.self, HashKeyCommand.self, SimulateCommand.self, DemoCommand.self],
        defaultSubcommand: ServeCommand.self)
}
