import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { OrgSearchItem, OrgType } from '../api/types';
import { ORG_TYPE } from './labels';

/** What the person typed, once they paused (a request per pause, not per key). */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * An org chosen by part of its name (GET /org-search, which needs no login), each option with
 * the names above it so that two "第一中学团委" can be told apart. Typing fewer than two
 * characters asks for more.
 */
export function OrgSearchSelect({
  value,
  onChange,
  types,
  within,
  id,
  placeholder = '输入组织名称中的文字查找',
  'aria-label': ariaLabel,
}: {
  /** null: nothing chosen (a search box whose choice opens a page). */
  value?: string | null;
  onChange?: (id: string) => void;
  types?: readonly OrgType[];
  /** Only orgs below this one. */
  within?: string;
  id?: string;
  placeholder?: string;
  'aria-label'?: string;
}) {
  const [typed, setTyped] = useState('');
  const q = useSettled(typed.trim());
  const found = useQuery({
    queryKey: ['org-search', q, types?.join(), within],
    enabled: Array.from(q).length >= 2,
    // A call reads a bounded stretch of the tree and may find little in it: go on a few times
    // (at most 5 calls) until 20 are found or the search is done.
    queryFn: async () => {
      const items: OrgSearchItem[] = [];
      let cursor: string | undefined;
      for (let call = 0; call < 5; call++) {
        const page = await unwrap(
          api.GET('/api/v1/org-search', {
            params: {
              query: {
                q,
                limit: String(20 - items.length),
                ...(types ? { types: types.join(',') } : {}),
                ...(within ? { within } : {}),
                ...(cursor ? { cursor } : {}),
              },
            },
          }),
        );
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        if (!cursor || items.length >= 20) break;
      }
      return { items, more: !!cursor };
    },
    staleTime: 60_000,
  });
  const items = found.data?.items ?? [];
  const notFound =
    Array.from(typed.trim()).length < 2
      ? '请输入至少两个字'
      : found.isFetching || q !== typed.trim()
        ? '查找中…'
        : found.error
          ? (found.error as Error).message
          : found.data?.more
            ? '暂未找到，请输入更完整的名称'
            : '没有找到名称含此文字的组织';
  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      value={value}
      onChange={onChange}
      style={{ width: '100%' }}
      placeholder={placeholder}
      loading={found.isFetching}
      notFoundContent={notFound}
      options={items.map((o) => ({
        value: o.id,
        label: o.name,
        title: [...o.path, o.name].join(' / '),
        // The list shows where each org is (optionRender); the box, once chosen, its name.
        name: o.name,
        path: o.path,
        type: o.type,
      }))}
      optionRender={(option) => (
        <div>
          <div>
            {option.data.name}（{ORG_TYPE[option.data.type as string]}）
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {(option.data.path as string[]).slice(-3).join(' / ') || '—'}
          </Typography.Text>
        </div>
      )}
    />
  );
}
