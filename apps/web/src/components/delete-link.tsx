import { Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';

/** The 删除 link of a table row: asks "确定删除 {name}？" (with "不可恢复" when `irreversible`) before `onConfirm`. */
export function DeleteLink(props: {
  name: string;
  onConfirm: () => void;
  irreversible?: boolean;
  /** Another word than 删除 (e.g. 撤销 for a token). */
  label?: string;
  size?: 'small';
}) {
  const { t } = useTranslation();
  return (
    <Popconfirm
      title={t('common.confirmDelete', { name: props.name })}
      {...(props.irreversible ? { description: t('common.irreversible') } : {})}
      onConfirm={props.onConfirm}
    >
      <Button type="link" danger {...(props.size ? { size: props.size } : {})}>
        {props.label ?? t('common.delete')}
      </Button>
    </Popconfirm>
  );
}
