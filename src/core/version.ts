/** Version of the screening engine, recorded in every assessment; kept equal to package.json's version. */
export const ENGINE_VERSION = '0.1.0';
