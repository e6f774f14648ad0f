import ArgumentParser
import Foundation
import KBCore

extension BriefWriter.Format: ExpressibleByArgument {}

/// `kb brief SUBJECT…`: an evidence page drafted from the KB alone (DESIGN §12).
struct Brief: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract: "Draft an evidence page for roles, skills or a profile from the knowledge base alone.",
        discussion: """
            Writes the seed page's sections from kb's claims: headline findings (the best --top by \
            kb's ranking, each with its design, n, pre-registration, replication and grade), a \
            section per cohort (its findings, or a sentence that the KB has none), boundary \
            conditions with their translation notes, limitations computed from the findings \
            shown, an FAQ and the references in APA 7. Every number is a claim's and is cited \
            where it stands, so kb check of the brief reports nothing.

            Examples:
              kb brief ml-platform-engineer pytorch-deep-learning
              kb brief ml-platform-engineer --top 3 --format html > brief.html
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Argument(help: ArgumentHelp("Roles, skills or other subjects, as kb query takes them.", valueName: "subject"))
    var subjects: [String]

    @Option(help: ArgumentHelp("A profile: a YAML file, a stored profile or a role slug.", valueName: "file|slug"))
    var profile: String?

    @Option(help: "Output format: markdown or html.", transform: Choice.parse)
    var format: BriefWriter.Format = .markdown

    @Option(parsing: .unconditional, help: "How many headline findings.")
    var top: Int = 5

    func validate() throws {
        if subjects.isEmpty { throw ValidationError("name a subject: a role or skill slug, as kb query takes it") }
        if top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let service = try global.openSnapshot()
        Console.write(try service.brief(subjects: subjects, profile: profile, format: format, top: top))
    }
}
