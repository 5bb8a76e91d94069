import type { ImportColumnMap, ImportPreview } from '@hujiao/shared';
import { Alert, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCustomFields } from '../../api/crm.ts';
import { useCan } from '../../utils/use-can.ts';

interface Props {
  preview: ImportPreview;
  value: ImportColumnMap;
  onChange: (next: ImportColumnMap) => void;
}

/**
 * Columns of the chosen file that match no field: each is dropped, mapped to an existing custom field, or (for
 * custom-field managers) made into a new text custom field named after the column.
 */
export function ImportColumnsPanel({ preview, value, onChange }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const fields = useCustomFields();
  const mapped = new Set(preview.columns.filter((c) => c.target.startsWith('cf:')).map((c) => c.target));
  if (preview.unknown.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="import-columns-ok">
        {t('customerImport.columnsAllMatched', { count: preview.columns.filter((c) => c.header).length })}
      </Typography.Text>
    );
  }
  const options = [
    { value: 'ignore', label: t('customerImport.columnIgnore') },
    ...(can('customField:manage') ? [{ value: 'new', label: t('customerImport.columnNew') }] : []),
    ...(fields.data ?? [])
      .filter((f) => f.enabled && !mapped.has(`cf:${f.key}`))
      .map((f) => ({ value: `cf:${f.key}`, label: t('customerImport.columnTo', { label: f.label }) })),
  ];
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="import-unknown-columns"
      title={t('customerImport.unknownColumns', { columns: preview.unknown.join(t('customerImport.listSeparator')) })}
      description={
        <Space direction="vertical" style={{ width: '100%' }}>
          {preview.unknown.map((header) => (
            <Space key={header} wrap>
              <Typography.Text strong style={{ display: 'inline-block', minWidth: 96 }}>
                {header}
              </Typography.Text>
              <Select
                aria-label={header}
                style={{ minWidth: 220 }}
                value={value[header] ?? 'ignore'}
                options={options}
                onChange={(target) => onChange({ ...value, [header]: target })}
                data-testid={`import-column-${header}`}
              />
            </Space>
          ))}
        </Space>
      }
    />
  );
}
