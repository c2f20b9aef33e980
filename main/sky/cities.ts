/** City search over the bundled list (resources/sky/cities.json names its source): no network
 *  geolocation, the user picks a city or types coordinates. */
import raw from '../../resources/sky/cities.json';
import { City } from '../../contract/sky';

const CITIES: City[] = City.array().parse(raw.cities);
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const INDEX = CITIES.map((c) => ({ city: c, name: fold(c.name), country: fold(c.country) }));

/** Names starting with the query first, then names or countries containing it. */
export function searchCities(query: string, limit = 12): City[] {
  const q = fold(query.trim());
  if (!q) return [];
  const starts = INDEX.filter((c) => c.name.startsWith(q));
  const contains = INDEX.filter((c) => !c.name.startsWith(q) && (c.name.includes(q) || c.country.includes(q)));
  return [...starts, ...contains].slice(0, limit).map((c) => c.city);
}

export function cityCount(): number {
  return CITIES.length;
}
