/** Calendar dates from instants without a Date object (pure arithmetic; the module never touches a clock). */

const DAY = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** YYYY-MM-DD (UTC) of milliseconds since the epoch: the civil-from-days algorithm (H. Hinnant). */
export function isoDate(ms: number): string {
  const z = Math.floor(ms / DAY) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

export const days = (n: number): number => n * DAY;
