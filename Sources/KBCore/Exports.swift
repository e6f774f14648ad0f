// The faces (the `kb` CLI, `kb-fuzz`, later `kb serve`) import only KBCore; it re-exports the
// layers below so their public values (sources, claims, diagnostics, results) reach the faces
// without each face naming the layers.
@_exported import KBAudit
@_exported import KBCuration
@_exported import KBDomain
@_exported import KBFormats
@_exported import KBProse
@_exported import KBQuery
@_exported import KBStore
