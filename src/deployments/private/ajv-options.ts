/**
 * The options of the library's Ajv instances: JSON Schema draft 2020-12 as Prefect reads it
 * (unknown keywords allowed, every error reported, formats not asserted). The precompiled
 * meta-schema validator is generated with the same options (scripts/ajv-meta.js).
 */
export const AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: false };
