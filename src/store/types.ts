/** The store's record types live in the pure clinic module, which the server and the web app share. */
export * from '../clinic/records.js';
