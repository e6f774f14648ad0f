import ArgumentParser
import KBCore

struct Map: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draw an evidence gap map: claims counted for every pair of two fields' values.",
        discussion: """
            ROWS and COLS are fields that 'group by' takes (cohort, boundary, jurisdiction, role, \
            skill, design, grade, country, year…). Every value the knowledge base knows gets a \
            line, so a pair no claim is about shows as a gap (—). Each cell shows how many claims \
            and their best grade; totals count each claim once. QUERY limits what is mapped \
            (default: all claims; 'where …' or 'for …' alone means claims).

            Examples:
              kb map cohort boundary
              kb map design cohort "claims where year >= 2020"
              kb map cohort boundary --format svg --output gap-map.svg

            A map has one cell per pair of values, so two large fields (skill × role) would be \
            millions of cells: a map of more than --max-cells cells (default 50,000) is refused \
            before anything is counted (exit 2). Every value the knowledge base knows gets a line, \
            whatever the query selects: map a field with fewer values, or raise --max-cells deliberately.
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Argument(help: "The field whose values are the rows, e.g. cohort.")
    var rows: String

    @Argument(help: "The field whose values are the columns, e.g. boundary.")
    var cols: String

    @Argument(help: "What to map, e.g. \"claims where year >= 2020\" (default: all claims).")
    var query: String?

    @Option(help: "Output format: table, markdown, csv, json, svg or html.", transform: Choice.parse)
    var format: MapFormat = .table

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (replaced only when complete) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("A profile: a YAML file, a stored profile or a role slug.", valueName: "file|slug"))
    var profile: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The most cells the map may have; a larger one is refused before it is drawn.", valueName: "n"))
    var maxCells: Int = GapMapTooLarge.defaultLimit

    func run() throws {
        guard maxCells > 0 else { throw ValidationError("--max-cells must be a positive whole number") }
        let file = try output.map { try OutputFile($0, option: "-o", knowledgeBase: global.path, inputs: OutputFile.profileFile(profile)) }
        let map: GapMap
        do {
            if StoreLocation.isPostgres(global.path) {
                map = try NetworkStacks.postgres(global.path).map(rows: rows, columns: cols, query: query, profile: profile, maxCells: maxCells)
            } else {
                map = try global.openForReading().map(rows: rows, columns: cols, query: query, profile: profile, maxCells: maxCells)
            }
        } catch let tooLarge as GapMapTooLarge {
            throw KBError.usage("\(tooLarge.description) (--max-cells \(tooLarge.limit))\n"
                + "help: map a field with fewer values (every value the knowledge base knows gets a line, whatever the query selects), or raise the limit deliberately with --max-cells \(tooLarge.cells)")
        }
        let text = MapRenderer(format: format, width: Console.width(drawingTable: format == .table)).render(map)
        guard let file else {
            Console.write(text)
            return
        }
        try file.write(text)
        Console.error("wrote the \(map.rowValues.count) × \(map.columnValues.count) gap map (\(map.total.count) \(map.noun)) as \(format.rawValue) to \(file.path)")
    }
}

extension MapFormat: ExpressibleByArgument {}
