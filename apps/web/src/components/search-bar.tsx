import { Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  placeholder?: string;
  onSearch: (keyword: string) => void;
  children?: ReactNode;
  extra?: ReactNode;
}

/** Keyword search box, optional filters, and the page's main buttons on the right. */
export function SearchBar({ placeholder, onSearch, children, extra }: Props) {
  const { t } = useTranslation();
  return (
    <div className="page-toolbar">
      <Input.Search
        allowClear
        style={{ width: 260 }}
        placeholder={placeholder ?? t('common.keywordPlaceholder')}
        aria-label={t('common.keyword')}
        enterButton={t('common.search')}
        onSearch={(value) => onSearch(value.trim())}
      />
      {children}
      <div style={{ flex: 1 }} />
      {extra}
    </div>
  );
}
