import KBCore
import Synchronization

/// Knowledge bases opened read-only (`--read-only`) that the process leaves open when it exits.
///
/// Closing a connection costs GRDB's teardown (about 2 M instructions, most of it Foundation's
/// `NotificationCenter`) and writes nothing: a read-only connection never checkpoints or deletes
/// the `-wal` and `-shm` files, and the system releases its locks when the process ends. So a
/// read-only command exits with its knowledge base still open. One that can write is closed
/// as before: its close may checkpoint the `-wal` file into the database and remove it.
enum LeftOpenAtExit {
    private static let services = Mutex<[KBService]>([])

    /// Keeps `service` open until the process exits when it was opened read-only.
    static func keep(_ service: KBService, ifReadOnly readOnly: Bool) -> KBService {
        if readOnly { services.withLock { $0.append(service) } }
        return service
    }
}
