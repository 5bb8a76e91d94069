import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';

/** Page/pageSize state for a server-paged table. */
export function usePaging(initialSize = 20) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialSize);
  /** `capped`: the server stopped counting at `total` (cappedPage), shown as "共 10000+ 条". */
  const pagination = (total: number | undefined, t: TFunction, capped = false): TablePaginationConfig => ({
    current: page,
    pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (n) => t(capped ? 'common.totalCapped' : 'common.total', { total: n }),
    onChange: (p, s) => {
      setPage(s === pageSize ? p : 1);
      setPageSize(s);
    },
  });
  return { page, pageSize, setPage, pagination };
}
