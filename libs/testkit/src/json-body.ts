/** A response's JSON body, loosely typed for assertions in tests. */
export async function jsonBody<T = Record<string, any>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
