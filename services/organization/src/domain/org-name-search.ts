/**
 * Finding orgs by a part of their name ("第一中学" finds "某市第一中学团委"), on any store: each
 * org keeps the pairs of adjacent characters of its name (`nameGrams`, a multikey index); a search
 * reads, in `_id` order, the orgs holding the query's least common pair and keeps those whose name
 * contains the whole query (how many names hold each pair is counted: store/name-gram-count.model.ts).
 * Pure functions; the reading is in usecases/search-orgs.ts.
 */

/** Full-width letters and digits as their ASCII forms, Latin letters in lower case, spaces dropped. */
export function normalizeName(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** The distinct pairs of adjacent characters of a name (a one-character name: that character). */
export function nameGrams(name: string): string[] {
  const chars = Array.from(normalizeName(name));
  if (chars.length < 2) return chars;
  const grams = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/**
 * Characters nearly every org name has (its kind, its place in a school or a town): a pair made
 * of them matches much of the tree, so it is the last choice to read by.
 */
const COMMON = new Set(Array.from('团委支部总工班级学院校中小大市县区镇乡街道村社公司有限会员第年届系专业共青（）()'));

/**
 * The pair of the query to read by: the one fewest org names hold, when the counts are known
 * (`counts`: pair → orgs; a pair missing from it counts 0); between equals, the one with the
 * fewest common characters; then the first.
 */
export function probeGram(query: string, counts?: ReadonlyMap<string, number>): string {
  const grams = nameGrams(query);
  const common = (gram: string) => Array.from(gram).filter((c) => COMMON.has(c)).length;
  const score = (gram: string): [number, number] => [counts ? (counts.get(gram) ?? 0) : 0, common(gram)];
  let best = grams[0]!;
  let bestScore = score(best);
  for (const gram of grams.slice(1)) {
    const s = score(gram);
    if (s[0] < bestScore[0] || (s[0] === bestScore[0] && s[1] < bestScore[1])) [best, bestScore] = [gram, s];
  }
  return best;
}

/** Whether the name contains the whole query, both normalized. */
export const nameMatches = (name: string, query: string): boolean => normalizeName(name).includes(normalizeName(query));
